package dev.observableorders.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * config/restate/restate.env is the one place of Restate's settings: Restate reads every
 * line (it ignores a variable it does not know, so a misspelt one would silently leave a
 * default), and both compose files hand the file to every Restate they start without
 * setting any of its keys again.
 */
class RestateConfigurationTest {

	private static final Path RESTATE = Path.of(System.getProperty("restate.server.binary",
			"config/restate/node_modules/@restatedev/restate-server-linux-x64/bin/restate-server"));

	@Test
	void restateReadsEverySettingOfTheFiles() throws Exception {
		Map<String, String> settings = RestateServer.configuration(RestateServer.SHIPPED_CONFIGURATION);
		assertThat(settings).isNotEmpty().containsKey("RESTATE_DEFAULT_NUM_PARTITIONS");
		String defaults = dumpConfig(Map.of());
		for (Map.Entry<String, String> setting : settings.entrySet()) {
			assertThat(dumpConfig(Map.of(setting.getKey(), setting.getValue())))
				.as("Restate's configuration with %s=%s set", setting.getKey(), setting.getValue())
				.isNotEqualTo(defaults);
		}
		assertThat(dumpConfig(settings))
			.contains("default-num-partitions = " + settings.get("RESTATE_DEFAULT_NUM_PARTITIONS"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void bothComposeFilesGiveEveryRestateItsFilesAndNothingElseSetsTheirKeys() throws IOException {
		Map<String, String> settings = RestateServer.configuration(RestateServer.SHIPPED_CONFIGURATION);
		Map<String, Object> expected = Map.of("compose.yaml", "config/restate/restate.env", "compose.cluster.yaml",
				"config/restate/restate.env");
		for (String file : List.of("compose.yaml", "compose.cluster.yaml")) {
			Map<String, Object> compose = new Yaml().load(Files.readString(Path.of(file)));
			Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
			List<String> restates = services.entrySet()
				.stream()
				.filter((service) -> String.valueOf(service.getValue().get("image")).contains("restatedev/restate:"))
				.map(Map.Entry::getKey)
				.toList();
			assertThat(restates).as("Restate services of " + file).isNotEmpty();
			for (String name : restates) {
				Map<String, Object> service = services.get(name);
				assertThat(service.get("env_file")).as(file + " " + name).isEqualTo(expected.get(file));
				Map<String, Object> environment = (Map<String, Object>) service.getOrDefault("environment", Map.of());
				assertThat(environment.keySet()).as(file + " " + name + " sets again")
					.doesNotContainAnyElementsOf(settings.keySet());
			}
		}
	}

	private static String dumpConfig(Map<String, String> env) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(RESTATE.toString(), "--dump-config").redirectErrorStream(true);
		// only what is given: none of this JVM's RESTATE_* variables
		builder.environment().keySet().removeIf((key) -> key.startsWith("RESTATE_"));
		builder.environment().putAll(new HashMap<>(env));
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(output).isZero();
		// the node name is made up at random when not given
		return output.replaceAll("(?m)^node-name = .*$", "");
	}

}
