package dev.observableorders.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana provisioning as files: fixed uids, units and descriptions everywhere, and
 * datasource references that exist. Whether the queries work is
 * {@link DashboardQueriesIT}'s business.
 */
class DashboardFilesTest {

	static List<Dashboard> dashboards() throws IOException {
		return Dashboard.all();
	}

	@Test
	void eachDashboardHasTheFixedUidItsLinksAndTheReadmeUse() throws IOException {
		assertThat(Dashboard.all()).extracting(Dashboard::uid)
			.containsExactlyInAnyOrder("orders", "restate", "service-runtime");
		assertThat(Dashboard.all()).allSatisfy((dashboard) -> assertThat(dashboard.file().getFileName().toString())
			.isEqualTo(dashboard.uid() + ".json"));
	}

	@ParameterizedTest
	@MethodSource("dashboards")
	void everyPanelHasATitleADescriptionAUnitAndAQuery(Dashboard dashboard) {
		assertThat(dashboard.json().path("description").asText()).isNotBlank();
		assertThat(dashboard.panels()).isNotEmpty().allSatisfy((panel) -> {
			String title = panel.path("title").asText();
			assertThat(title).isNotBlank();
			assertThat(panel.path("description").asText()).as("description of %s", title).isNotBlank();
			assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as("unit of %s", title)
				.isNotBlank();
			assertThat(panel.path("targets")).as("queries of %s", title)
				.isNotEmpty()
				.allSatisfy((target) -> assertThat(target.path("expr").asText()).isNotBlank());
		});
		assertThat(dashboard.panels()).extracting((panel) -> panel.path("id").asInt()).doesNotHaveDuplicates();
	}

	@ParameterizedTest
	@MethodSource("dashboards")
	void everyQueryUsesTheDatasourceVariableWhichSelectsAProvisionedPrometheus(Dashboard dashboard) throws IOException {
		JsonNode variable = dashboard.json()
			.path("templating")
			.path("list")
			.valueStream()
			.filter((v) -> "datasource".equals(v.path("name").asText()))
			.findFirst()
			.orElseThrow();
		assertThat(variable.path("type").asText()).isEqualTo("datasource");
		assertThat(variable.path("query").asText()).isEqualTo("prometheus");
		assertThat(Provisioning.datasources()).extractingByKey(variable.path("current").path("value").asText())
			.isEqualTo("prometheus");

		assertThat(dashboard.panels()).allSatisfy((panel) -> {
			assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
			assertThat(panel.path("targets")).allSatisfy(
					(target) -> assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}"));
		});
	}

	@Test
	void exemplarsLinkToTheProvisionedTraceDatasource() throws IOException {
		Map<String, String> datasources = Provisioning.datasources();
		List<String> destinations = Provisioning.exemplarDestinations();

		assertThat(destinations).isNotEmpty();
		assertThat(destinations).allSatisfy((uid) -> assertThat(datasources).containsKey(uid));
		assertThat(destinations).allSatisfy((uid) -> assertThat(datasources.get(uid)).isIn("jaeger", "tempo"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void composeMountsTheProvisioningAndDashboardsWhereGrafanaReadsThem() throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("compose.yaml")));
		Map<String, Object> grafana = (Map<String, Object>) ((Map<String, Object>) compose.get("services"))
			.get("grafana");
		Map<String, Object> providers = new Yaml()
			.load(Files.readString(Path.of("config/grafana/provisioning/dashboards/dashboards.yaml")));
		String dashboardsPath = ((List<Map<String, Map<String, String>>>) providers.get("providers")).get(0)
			.get("options")
			.get("path");

		assertThat((List<String>) grafana.get("volumes")).contains(
				"./config/grafana/provisioning:/etc/grafana/provisioning:ro",
				"./config/grafana/dashboards:" + dashboardsPath + ":ro");
	}

	@Test
	void ordersDashboardShowsEveryOrderMeter() throws IOException {
		Dashboard orders = Dashboard.all().stream().filter((d) -> d.uid().equals("orders")).findFirst().orElseThrow();
		String queries = orders.expressions().stream().collect(Collectors.joining("\n"));

		assertThat(queries).contains("orders_total", "order_outcomes_total", "histogram_quantile(0.5",
				"histogram_quantile(0.95", "histogram_quantile(0.99", "order_processing_seconds_bucket",
				"orders_active", "orders_retrying", "payment_attempts_total", "order_value_dollars_bucket",
				"refunds_total", "payment_voids_total", "refunds_retrying", "restate_deployment_registered",
				"payment_gateway_simulated");
	}

	@Test
	void restateQuantilesAreNeverAveragedAcrossNodes() throws IOException {
		Set<String> summaryQueries = Dashboard.all()
			.stream()
			.flatMap((d) -> d.expressions().stream())
			.filter((expr) -> expr.contains("quantile=~"))
			.collect(Collectors.toSet());

		assertThat(summaryQueries).isNotEmpty()
			.allSatisfy((expr) -> assertThat(expr).doesNotContain("avg").contains("by (instance, quantile)"));
	}

	/**
	 * Every replica reads these from Restate, so each reports the whole cluster's value:
	 * summing them would count every order once per replica.
	 */
	@Test
	void gaugesEveryReplicaReadsFromRestateAreTakenOnceNeverSummedAcrossReplicas() throws IOException {
		List<String> expressions = dashboardAndRuleExpressions();
		for (String gauge : List.of("orders_active", "orders_retrying", "refunds_retrying", "orders_orphaned",
				"orders_journal_mismatch", "restate_deployment_registered")) {
			assertThat(expressions.stream().filter((expr) -> expr.contains(gauge))).as(gauge)
				.isNotEmpty()
				.allSatisfy((expr) -> assertThat(expr).as(gauge)
					.containsPattern("(max|min)\\s*(by \\([^)]*\\)\\s*)?\\(\\s*" + gauge));
		}
	}

	/** Each replica counts its own orders: totals and latency need all of them. */
	@Test
	void countersAndHistogramBucketsAreSummedAcrossReplicas() throws IOException {
		List<String> meters = List.of("orders_total", "order_outcomes_total", "order_processing_seconds_bucket",
				"payment_attempts_total", "order_value_dollars", "refunds_total", "payment_voids_total",
				"fulfillment_cancels_total", "http_client_requests_seconds_count");
		assertThat(dashboardAndRuleExpressions().stream().filter((expr) -> meters.stream().anyMatch(expr::contains)))
			.isNotEmpty()
			.allSatisfy((expr) -> assertThat(expr).containsPattern("sum\\s*(by \\([^)]*\\)\\s*)?\\(")
				.doesNotContain("avg"));
	}

	@SuppressWarnings("unchecked")
	private static List<String> dashboardAndRuleExpressions() throws IOException {
		List<String> expressions = new java.util.ArrayList<>();
		Dashboard.all().forEach((dashboard) -> expressions.addAll(dashboard.expressions()));
		Map<String, Object> rules = new Yaml()
			.load(Files.readString(Path.of("config/prometheus/rules/orders.rules.yml")));
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				expressions.add(String.valueOf(rule.get("expr")));
			}
		}
		return expressions;
	}

}
