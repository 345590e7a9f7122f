package dev.observableorders.monitoring;

import dev.observableorders.support.ServiceTest;
import static dev.observableorders.support.ScriptedPartners.DECLINED;
import static dev.observableorders.support.ScriptedPartners.GATEWAY_DOWN;
import static dev.observableorders.support.ScriptedPartners.WAREHOUSE_DOWN;
import static dev.observableorders.support.ScriptedPartners.WAREHOUSE_FLAKY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.observableorders.LocalOrdersApplication;
import dev.observableorders.support.Ingress;
import dev.observableorders.support.Ingress.Reply;
import dev.observableorders.support.PrintedAddresses;
import dev.observableorders.support.PrometheusServer;
import dev.observableorders.support.RestateServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every dashboard panel and every rule, evaluated by a real Prometheus that scrapes the
 * real Restate server and the service after a mixed load: successes, declines, gateway
 * outages, invalid orders, warehouse outages (refunds) and one-off warehouse failures
 * (retries).
 */
@ServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesIT {

	/**
	 * What Grafana substitutes for {@code $__rate_interval}: here, the whole test run.
	 */
	private static final String RATE_INTERVAL = "5m";

	private static final Path RULES = Path.of("config/prometheus/rules");

	private static final RestateServer restate = RestateServer.startFresh();

	/**
	 * Chosen before the service starts, whose order pages ask it
	 * (orders.pages.prometheus-url).
	 */
	private static final int PROMETHEUS_PORT = RestateServer.freePort();

	private PrometheusServer prometheus;

	private final List<Reply> replies = new ArrayList<>();

	/** When Prometheus had scraped that no order is in flight. */
	private Instant settled;

	@LocalServerPort
	int managementPort;

	@DynamicPropertySource
	static void registerWithRestate(DynamicPropertyRegistry registry) {
		registry.add("restate.deployment.admin-url", () -> restate.adminUrl().toString());
		registry.add("orders.pages.prometheus-url", () -> "http://127.0.0.1:" + PROMETHEUS_PORT);
		// the front page is compared with Prometheus at one instant: read now, never a
		// view the banner test made up to a second earlier (orders.pages.cache-for),
		// whose fewer samples extrapolate further
		registry.add("orders.pages.cache-for", () -> "0s");
		// the retry gauges follow Restate within a second, not the shipped 15 s: an order
		// that retried and completed must not still be counted when the alerts are read
		registry.add("orders.active-refresh", () -> "500ms");
	}

	@BeforeAll
	void scrapeAndDriveMixedLoad() {
		PrometheusServer.require("prometheus");
		this.prometheus = PrometheusServer.startScraping(PrometheusServer.CONFIG, Map.of("127.0.0.1:2112",
				"127.0.0.1:" + this.managementPort, "127.0.0.1:5122", "127.0.0.1:" + restate.metricsUrl().getPort()),
				PROMETHEUS_PORT);
		await("both targets scraped").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.prometheus.activeTargets())
				.extracting((target) -> target.path("health").asText() + " " + target.path("lastError").asText())
				.containsExactly("up ", "up "));
		await("the first scrape of the service").atMost(Duration.ofSeconds(30))
			.until(() -> this.prometheus.query("orders_total").size() == 2);

		// two waves, each scraped: Restate creates its series on first use, and a
		// rate needs an increase between two samples
		Ingress ingress = new Ingress(restate.ingressUrl());
		for (int wave = 0; wave < 2; wave++) {
			sendMixedWave(ingress, wave);
			// value() refuses a query without series: Restate's appear on a later scrape
			await("Prometheus has scraped wave " + wave).atMost(Duration.ofSeconds(30))
				.ignoreExceptionsInstanceOf(IllegalStateException.class)
				.until(() -> this.prometheus.value("sum(orders_total)") == this.replies.size()
						&& this.prometheus.value("sum(restate_ingress_requests_total{status=\"completed\"})") > 0);
		}
		// the GC panels need a collection in this JVM, which runs the service
		System.gc();

		await("the deployment check and a GC recorded").atMost(Duration.ofSeconds(30))
			.ignoreExceptionsInstanceOf(IllegalStateException.class)
			.until(() -> this.prometheus.value("min(restate_deployment_registered)") == 1
					&& this.prometheus.query("jvm_gc_pause_seconds_count").size() > 0);
		// every order has finished; the two that retried were counted while they backed
		// off, and a rule evaluated on that sample would stay pending
		await("Prometheus has scraped no order in flight").atMost(Duration.ofSeconds(30))
			.ignoreExceptionsInstanceOf(IllegalStateException.class)
			.until(() -> this.prometheus.value("max(orders_retrying) + max(orders_active)") == 0);
		this.settled = Instant.now();
	}

	/**
	 * 3 invalid orders, 7 that complete, 3 declines, 2 gateway outages (payment_failed),
	 * 1 warehouse outage (refund, fulfillment_failed), 2 that complete after a retry.
	 */
	private void sendMixedWave(Ingress ingress, int wave) {
		List<CompletableFuture<Reply>> calls = new ArrayList<>();
		Stream
			.of(batch(wave, "ok", "cust-", 7), batch(wave, "declined", DECLINED, 3),
					batch(wave, "gateway", GATEWAY_DOWN, 2), batch(wave, "refund", WAREHOUSE_DOWN, 1),
					batch(wave, "retry", WAREHOUSE_FLAKY, 2))
			.flatMap(List::stream)
			.forEach((order) -> calls.add(ingress.processOrderAsync(order.id(), order.body())));
		IntStream.range(0, 3)
			.forEach((i) -> this.replies.add(ingress.processOrder("dash-" + wave + "-invalid-" + i,
					"{\"customerId\": \"\", \"items\": [], \"total\": -1}")));
		calls.forEach((call) -> this.replies.add(call.join()));
	}

	@AfterAll
	void stop() {
		if (this.prometheus != null) {
			this.prometheus.close();
		}
		restate.close();
	}

	@Test
	void everyPanelQueryParsesAndReturnsData() throws IOException {
		SoftAssertions softly = new SoftAssertions();
		for (Dashboard dashboard : Dashboard.all()) {
			for (JsonNode panel : dashboard.panels()) {
				for (JsonNode target : panel.path("targets")) {
					String expr = target.path("expr").asText().replace("$__rate_interval", RATE_INTERVAL);
					String where = dashboard + " / " + panel.path("title").asText() + ": " + expr;
					try {
						softly.assertThat(numbers(this.prometheus.query(expr))).as(where).isNotEmpty();
					}
					catch (IllegalArgumentException rejected) {
						softly.fail(where + " was rejected: " + rejected.getMessage());
					}
				}
			}
		}
		softly.assertAll();
	}

	@Test
	void successRatioPanelAgreesWithTheOrdersSent() throws IOException {
		JsonNode panel = Dashboard.all()
			.stream()
			.filter((dashboard) -> dashboard.uid().equals("orders"))
			.flatMap((dashboard) -> dashboard.panels().stream())
			.filter((p) -> p.path("title").asText().equals("Success ratio"))
			.findFirst()
			.orElseThrow();
		String expr = panel.path("targets").get(0).path("expr").asText().replace("$__rate_interval", RATE_INTERVAL);
		long completed = this.replies.stream()
			.filter((reply) -> reply.status() == 200 && "completed".equals(reply.field("status")))
			.count();

		assertThat(completed).isEqualTo(2 * (7 + 2));
		assertThat(
				numbers(this.prometheus.query("rate(orders_total{status=\"success\"}[5m]) / rate(orders_total[5m])")))
			.as("the seed's query divides the success series by itself")
			.containsExactly(1.0);
		assertThat(this.prometheus.value(expr)).isCloseTo((double) completed / this.replies.size(),
				org.assertj.core.data.Offset.offset(0.001));
	}

	@Test
	void theOrdersFrontPageAnswersTheSeedsQuestionsFromPrometheusAsTheDashboardDoes() throws Exception {
		// increase() extrapolates past the last sample to the window's end, by up to 1.1
		// average scrape intervals: the fewer samples, the more. Counted before the page
		// asks, so that the page's query sees at least as many.
		double samples = this.prometheus.value("min(count_over_time(orders_total[" + RATE_INTERVAL + "]))");
		// one sample would make the bound infinite: the first scrape (0) and a wave's
		assertThat(samples).as("samples per series").isGreaterThanOrEqualTo(2);
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/orders"))
				.header("Accept", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode answers = new ObjectMapper().readTree(page.body()).path("answers");
		long completed = this.replies.stream()
			.filter((reply) -> reply.status() == 200 && "completed".equals(reply.field("status")))
			.count();

		assertThat(answers.path("source").asText()).as(answers.toString()).isEqualTo("prometheus");
		assertThat(answers.path("problem").asText(null)).as(answers.toString()).isNull();
		assertThat(answers.path("successRate").asDouble()).isCloseTo((double) completed / this.replies.size(),
				org.assertj.core.data.Offset.offset(0.001));
		assertThat(answers.path("p99Seconds").asDouble()).isCloseTo(
				this.prometheus
					.value("histogram_quantile(0.99, sum by (le) (rate(order_processing_seconds_bucket[5m])))"),
				org.assertj.core.data.Offset.offset(0.001));
		assertThat(answers.path("inFlight").asDouble()).isZero();
		// the counters start at 0 (nothing is extrapolated before the first sample)
		assertThat(answers.path("decided").asLong()).as("%s samples per series", samples)
			.isBetween((long) this.replies.size(), Math.round(this.replies.size() * (1 + 1.1 / (samples - 1))));
	}

	@Test
	void everyAddressTheLocalRunsBannerPrintsAnswers() {
		// command 1's banner, over this test's Restate, Prometheus and service
		String banner = LocalOrdersApplication.banner(restate, this.prometheus,
				URI.create("http://127.0.0.1:" + this.managementPort));
		List<PrintedAddresses.Address> addresses = PrintedAddresses.in(banner);

		assertThat(addresses).extracting(PrintedAddresses.Address::label)
			.containsExactly("ingress", "UI", "metrics", "metrics", "health", "Orders", "Prometheus", "alerts");
		SoftAssertions softly = new SoftAssertions();
		for (PrintedAddresses.Address address : addresses) {
			int status = PrintedAddresses.status(address.uri());
			softly.assertThat(address.answersWith(status)).as(address + " answered " + status).isTrue();
		}
		softly.assertAll();
	}

	@Test
	void everyRuleExpressionParsesAndEveryRecordingRuleHasData() throws IOException {
		SoftAssertions softly = new SoftAssertions();
		for (Map<String, Object> rule : rules()) {
			String expr = String.valueOf(rule.get("expr"));
			String name = String.valueOf(rule.containsKey("record") ? rule.get("record") : rule.get("alert"));
			try {
				JsonNode result = this.prometheus.query(expr);
				if (rule.containsKey("record")) {
					softly.assertThat(numbers(result)).as("%s: %s", name, expr).isNotEmpty();
				}
			}
			catch (IllegalArgumentException rejected) {
				softly.fail(name + " was rejected: " + rejected.getMessage());
			}
		}
		softly.assertAll();
	}

	@Test
	void prometheusEvaluatesEveryRuleAndOnlyTheBurnAlertReactsToTheInjectedFailures() throws IOException {
		int rulesInFiles = rules().size();

		await("every rule evaluated without error").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<JsonNode> loaded = this.prometheus.ruleGroups()
				.stream()
				.flatMap((group) -> group.path("rules").valueStream())
				.toList();
			assertThat(loaded).hasSize(rulesInFiles)
				.allSatisfy((rule) -> assertThat(rule.path("health").asText()).as(rule.toString()).isEqualTo("ok"));
			assertThat(this.prometheus.ruleGroups()).allSatisfy(
					(group) -> assertThat(OffsetDateTime.parse(group.path("lastEvaluation").asText()).toInstant())
						.as("%s evaluated after the load settled", group.path("name").asText())
						.isAfter(this.settled));
		});
		// 6 of 36 orders failed on our side (4 gateway outages, 2 warehouse outages):
		// 16.7%, above the 14.4% fast-burn threshold
		Map<String, String> states = alertStates();
		assertThat(states.get("OrdersErrorBudgetFastBurn")).isIn("pending", "firing");
		assertThat(states).containsEntry("OrderServiceDown", "inactive")
			.containsEntry("OrderServiceInstanceDown", "inactive")
			.containsEntry("OrderServiceUnregistered", "inactive")
			.containsEntry("RestateDown", "inactive")
			.containsEntry("RestateIngressErrors", "inactive")
			.containsEntry("OrdersStuckInRetry", "inactive")
			.containsEntry("OrderRefundFailed", "inactive")
			.containsEntry("OrderVoidFailed", "inactive")
			.containsEntry("OrderRefundStuck", "inactive");
	}

	private Map<String, String> alertStates() {
		Map<String, String> states = new java.util.HashMap<>();
		this.prometheus.ruleGroups()
			.stream()
			.flatMap((group) -> group.path("rules").valueStream())
			.filter((rule) -> "alerting".equals(rule.path("type").asText()))
			.forEach((rule) -> states.put(rule.path("name").asText(), rule.path("state").asText()));
		return states;
	}

	/** Samples of an instant query's result that are numbers (not NaN). */
	private static List<Double> numbers(JsonNode result) {
		return result.valueStream()
			.map((series) -> series.path("value").get(1).asText())
			.filter((value) -> !"NaN".equals(value))
			.map(Double::parseDouble)
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> rules() throws IOException {
		List<Map<String, Object>> rules = new ArrayList<>();
		try (Stream<Path> files = Files.list(RULES)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yml")).toList()) {
				Map<String, Object> content = new Yaml().load(Files.readString(file));
				for (Map<String, Object> group : (List<Map<String, Object>>) content.get("groups")) {
					rules.addAll((List<Map<String, Object>>) group.get("rules"));
				}
			}
		}
		return rules;
	}

	private static List<TestOrder> batch(int wave, String kind, String customerPrefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> {
			String id = "dash-" + wave + "-" + kind + "-" + i;
			return new TestOrder(id, """
					{"id": "%s", "customerId": "%s%d-%d", "items": ["item1", "item2"], "total": %d.99}""".formatted(id,
					customerPrefix, wave, i, 20 + 40 * i));
		}).toList();
	}

	private record TestOrder(String id, String body) {
	}

}
