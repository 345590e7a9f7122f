package dev.observableorders.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observableorders.support.PrometheusServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;
import org.yaml.snakeyaml.Yaml;

/**
 * The rules and both Prometheus configurations, checked by Prometheus' own promtool: each
 * alert fires on a bad series and stays silent on a healthy one (the cases are in
 * {@code config/prometheus/tests}).
 */
class PrometheusRulesTest {

	private static final Path RULES = Path.of("config/prometheus").toAbsolutePath();

	@Test
	void everyAlertFiresOnABadSeriesAndStaysSilentOnAHealthyOne() throws Exception {
		Path promtool = PrometheusServer.require("promtool");
		List<String> command = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
		try (Stream<Path> tests = Files.list(RULES.resolve("tests"))) {
			tests.filter((file) -> file.toString().endsWith(".test.yml"))
				.sorted()
				.forEach((file) -> command.add(RULES.relativize(file).toString()));
		}
		assertThat(command).hasSizeGreaterThan(3);

		Result result = run(RULES, command);

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).doesNotContain("FAILED");
	}

	@Test
	void localConfigurationLoadsEveryRuleFile() throws Exception {
		Result result = run(Path.of("").toAbsolutePath(),
				List.of(PrometheusServer.require("promtool").toString(), "check", "config", "prometheus.yml"));

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("orders.rules.yml").contains("SUCCESS");
	}

	@Test
	void composeConfigurationLoadsTheSameRulesWhereComposeMountsThem(@TempDir Path etcPrometheus) throws Exception {
		Path promtool = PrometheusServer.require("promtool");
		// compose.yaml: prometheus.compose.yml -> /etc/prometheus/prometheus.yml,
		// config/prometheus -> /etc/prometheus/config/prometheus
		Files.copy(RULES.resolve("prometheus.compose.yml"), etcPrometheus.resolve("prometheus.yml"));
		FileSystemUtils.copyRecursively(RULES, etcPrometheus.resolve("config/prometheus"));

		Result result = run(etcPrometheus, List.of(promtool.toString(), "check", "config", "prometheus.yml"));

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("orders.rules.yml");
	}

	@Test
	void composeConfigurationScrapesTheSameJobsAndLoadsTheSameRules() throws IOException {
		Map<String, Object> local = yaml(PrometheusServer.CONFIG);
		Map<String, Object> compose = yaml(RULES.resolve("prometheus.compose.yml"));

		assertThat(compose.get("rule_files")).isEqualTo(local.get("rule_files"));
		assertThat(jobs(compose)).isEqualTo(jobs(local)).containsExactly("order-service /metrics", "restate /metrics");
	}

	@Test
	void clusterConfigurationsScrapeEveryNodeReplicaAndTheBalancerWithTheSameRules(@TempDir Path etcPrometheus)
			throws Exception {
		Path promtool = PrometheusServer.require("promtool");
		Map<String, Object> local = yaml(PrometheusServer.CLUSTER_CONFIG);
		Map<String, Object> compose = yaml(RULES.resolve("prometheus.cluster.compose.yml"));
		assertThat(jobs(compose)).isEqualTo(jobs(local))
			.containsExactly("order-service /metrics", "restate /metrics", "haproxy /metrics");
		assertThat(targets(local)).hasSize(6);
		assertThat(targets(compose)).hasSize(6);

		Result localCheck = run(RULES, List.of(promtool.toString(), "check", "config", "prometheus.cluster.yml"));
		Files.copy(RULES.resolve("prometheus.cluster.compose.yml"), etcPrometheus.resolve("prometheus.yml"));
		FileSystemUtils.copyRecursively(RULES, etcPrometheus.resolve("config/prometheus"));
		Result composeCheck = run(etcPrometheus, List.of(promtool.toString(), "check", "config", "prometheus.yml"));

		assertThat(List.of(localCheck, composeCheck)).allSatisfy((result) -> {
			assertThat(result.exitCode()).as(result.output()).isZero();
			assertThat(result.output()).contains("orders.rules.yml");
		});
	}

	@SuppressWarnings("unchecked")
	private static List<Object> targets(Map<String, Object> config) {
		return ((List<Map<String, Object>>) config.get("scrape_configs")).stream()
			.flatMap((job) -> ((List<Map<String, Object>>) job.get("static_configs")).stream())
			.flatMap((staticConfig) -> ((List<Object>) staticConfig.get("targets")).stream())
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static List<String> jobs(Map<String, Object> config) {
		return ((List<Map<String, Object>>) config.get("scrape_configs")).stream()
			.map((job) -> job.get("job_name") + " " + job.get("metrics_path"))
			.toList();
	}

	private static Map<String, Object> yaml(Path file) throws IOException {
		return new Yaml().load(Files.readString(file));
	}

	private static Result run(Path directory, List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		return new Result(process.waitFor(), output);
	}

	private record Result(int exitCode, String output) {
	}

}
