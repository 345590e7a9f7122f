package dev.observableorders.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observableorders.support.LoadBalancer;
import dev.observableorders.support.OrdersCluster;
import dev.observableorders.support.RestateServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The cluster's configuration files as Restate and HAProxy read them. Restate ignores
 * keys it does not know, so a misspelt one would silently fall back to a default: every
 * key of a node file must come back in the server's own dump of what it loaded.
 */
class ClusterConfigurationTest {

	private static final Path RESTATE = Path.of(System.getProperty("restate.server.binary",
			"config/restate/node_modules/@restatedev/restate-server-linux-x64/bin/restate-server"));

	private static final Pattern KEY = Pattern.compile("(?m)^([a-z0-9-]+) = ");

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3 })
	void restateLoadsEveryKeyOfEachNodeFile(int node) throws Exception {
		Path file = nodeFile(node);
		Result dump = run(Map.of(), RESTATE.toString(), "--config-file", file.toString(), "--dump-config");

		assertThat(dump.exitCode()).as(dump.output()).isZero();
		assertThat(keys(dump.output())).as("keys Restate loaded from " + file)
			.containsAll(keys(Files.readString(file)));
		assertThat(dump.output()).contains("node-name = \"node-" + node + "\"", "default-replication = 2",
				"cluster-name = \"orders-local\"", "destination = \"s3://snapshots/orders-local\"");
	}

	@Test
	void exactlyOneNodeProvisionsAndEveryNodeKnowsEveryMetadataServer() throws IOException {
		List<String> files = IntStream.rangeClosed(1, 3).mapToObj(ClusterConfigurationTest::read).toList();
		assertThat(files).filteredOn((toml) -> toml.contains("auto-provision = true")).hasSize(1);
		String peers = OrdersCluster.Layout.LOCAL.nodes()
			.stream()
			.map((ports) -> "\"http://127.0.0.1:" + ports.node() + "/\"")
			.collect(Collectors.joining(", ", "addresses = [", "]"));
		assertThat(files).allSatisfy((toml) -> assertThat(toml).contains(peers));
		for (int n = 1; n <= 3; n++) {
			RestateServer.Ports ports = OrdersCluster.Layout.LOCAL.nodes().get(n - 1);
			assertThat(files.get(n - 1)).contains("bind-address = \"127.0.0.1:" + ports.node() + "\"",
					"bind-address = \"127.0.0.1:" + ports.admin() + "\"",
					"bind-address = \"127.0.0.1:" + ports.ingress() + "\"");
		}
	}

	@Test
	void haproxyAcceptsTheBalancerConfigurationWithTheLocalAddresses() throws Exception {
		LoadBalancer.require();
		Result check = run(localBalancerEnvironment(), LoadBalancer.binary().orElseThrow().toString(), "-c", "-f",
				LoadBalancer.CONFIG.toString());

		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("Configuration file is valid");
	}

	@Test
	@SuppressWarnings("unchecked")
	void composeGivesTheBalancerEveryAddressItsConfigurationNeeds() throws IOException {
		Set<String> needed = new TreeSet<>();
		Matcher variable = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(Files.readString(LoadBalancer.CONFIG));
		while (variable.find()) {
			needed.add(variable.group(1));
		}
		Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("compose.cluster.yaml")));
		Map<String, Object> lb = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("lb");

		assertThat(((Map<String, Object>) lb.get("environment")).keySet()).containsAll(needed);
		assertThat(localBalancerEnvironment().keySet()).containsAll(needed);
	}

	private static Map<String, String> localBalancerEnvironment() {
		OrdersCluster.Layout local = OrdersCluster.Layout.LOCAL;
		return LoadBalancer.environment(local.loadBalancer(), local.replicaEndpoints(), local.nodes());
	}

	private static Path nodeFile(int node) {
		return Path.of("config/restate/cluster/node-" + node + ".toml");
	}

	private static String read(int node) {
		try {
			return Files.readString(nodeFile(node));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Set<String> keys(String toml) {
		Set<String> keys = new TreeSet<>();
		Matcher key = KEY.matcher(toml);
		while (key.find()) {
			keys.add(key.group(1));
		}
		return keys;
	}

	private static Result run(Map<String, String> env, String... command) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(env);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		return new Result(process.waitFor(), output);
	}

	private record Result(int exitCode, String output) {
	}

}
