package dev.observableorders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observableorders.support.AuthenticatedIngress;
import dev.observableorders.support.LoadBalancer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What the compose files and the shipped configuration open, checked against the Security
 * defaults table in docs/operations.md: loopback everywhere but the authenticated
 * ingress, and no credential in the repository.
 */
class SecurityDefaultsTest {

	private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|ACCESS_KEY|TOKEN|_KEY_ID).*");

	@ParameterizedTest
	@ValueSource(strings = { "compose.yaml", "compose.cluster.yaml" })
	void composePublishesOnlyTheAuthenticatedIngressBeyondThisMachine(String file) throws IOException {
		List<String> beyondLoopback = new ArrayList<>();
		services(file).forEach((name, service) -> {
			for (Object port : (List<?>) service.getOrDefault("ports", List.of())) {
				if (!String.valueOf(port).startsWith("127.0.0.1:")) {
					beyondLoopback.add(name + " " + port);
				}
			}
		});

		assertThat(beyondLoopback).containsExactly("ingress-auth 8443:8443");
		assertThat(services(file).get("ingress-auth").get("profiles")).as("started only when asked for")
			.isEqualTo(List.of("exposed"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "config/podman/compose.local.yaml", "config/podman/compose.cluster.local.yaml" })
	void theLocalOverridesPublishNothingMore(String file) throws IOException {
		// compose adds an override's ports to the base file's: none may be added here
		assertThat(services(file))
			.allSatisfy((name, service) -> assertThat(service).as(name).doesNotContainKey("ports"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "compose.yaml", "compose.cluster.yaml", "config/podman/compose.local.yaml",
			"config/podman/compose.cluster.local.yaml" })
	void composeTakesEveryCredentialFromTheEnvironment(String file) throws IOException {
		List<String> committed = new ArrayList<>();
		services(file).forEach((name, service) -> {
			if (service.get("environment") instanceof Map<?, ?> environment) {
				environment.forEach((key, value) -> {
					if (SECRET_NAME.matcher(String.valueOf(key)).matches() && !String.valueOf(value).startsWith("${")
							&& !String.valueOf(value).startsWith("/")) {
						committed.add(name + " " + key);
					}
				});
			}
		});

		assertThat(committed).isEmpty();
	}

	@Test
	void theManagementPortDefaultsToLoopback() throws IOException {
		Map<String, Object> application = new Yaml()
			.load(Files.readString(Path.of("src/main/resources/application.yml")));

		assertThat(((Map<?, ?>) application.get("server")).get("address")).isEqualTo("127.0.0.1");
	}

	@Test
	void theAuthenticatedIngressConfigurationIsValidWithAndWithoutTls() throws Exception {
		LoadBalancer.require();
		Path tokens = Files.createTempFile("tokens", "");
		for (String tls : new String[] { "", "ssl crt " + tokens }) {
			ProcessBuilder check = new ProcessBuilder(LoadBalancer.binary().orElseThrow().toString(), "-c", "-f",
					AuthenticatedIngress.CONFIG.toString())
				.redirectErrorStream(true);
			check.environment()
				.putAll(Map.of("INGRESS_AUTH_BIND", "127.0.0.1:8443", "INGRESS_AUTH_TLS", tls, "INGRESS_AUTH_TOKENS",
						tokens.toString(), "INGRESS_AUTH_UPSTREAM", "127.0.0.1:8080"));
			Process process = check.start();
			String output = new String(process.getInputStream().readAllBytes());
			if (tls.isEmpty()) {
				assertThat(process.waitFor()).as(output).isZero();
			}
			else {
				// the bind line takes the TLS words: HAProxy goes on to load the (empty)
				// certificate file
				assertThat(output).contains(tokens.toString());
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> services(String file) throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(Path.of(file)));
		return (Map<String, Map<String, Object>>) compose.get("services");
	}

}
