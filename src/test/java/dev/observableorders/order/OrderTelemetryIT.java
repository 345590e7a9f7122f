package dev.observableorders.order;

import static dev.observableorders.support.ScriptedPartners.GATEWAY_DOWN;
import static dev.observableorders.support.ScriptedPartners.WAREHOUSE_FLAKY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observableorders.support.Ingress;
import dev.observableorders.support.Ingress.Reply;
import dev.observableorders.support.PrometheusScrape;
import dev.observableorders.support.RealRestateTest;
import dev.observableorders.support.ScriptedPartners.ScriptedFulfillment;
import dev.observableorders.support.ScriptedPartners.ScriptedPayments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The seed's metrics and JSON logs, and that neither repeats itself when Restate retries.
 */
@ExtendWith(OutputCaptureExtension.class)
class OrderTelemetryIT extends RealRestateTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String APP = "application=\"order-service\"";

	@Autowired
	ScriptedPayments payments;

	@Autowired
	ScriptedFulfillment fulfillment;

	@Test
	void metricsEndpointExposesTheSeedsSeriesWithItsLabelsAndBuckets() {
		this.ingress.processOrder("metrics-1", Ingress.seedOrder("metrics-1", "cust-1"));

		PrometheusScrape scrape = scrape();

		assertThat(scrape.samples()).containsKeys("orders_total{" + APP + ",status=\"success\"}",
				"orders_total{" + APP + ",status=\"failed\"}", "orders_active{" + APP + "}",
				"payment_attempts_total{" + APP + ",result=\"success\"}",
				"payment_attempts_total{" + APP + ",result=\"declined\"}",
				"payment_attempts_total{" + APP + ",result=\"error\"}");
		for (String status : List.of("success", "failed")) {
			for (String le : List.of("0.1", "0.5", "1.0", "2.0", "5.0", "10.0", "+Inf")) {
				assertThat(scrape.samples()).containsKey(
						"order_processing_seconds_bucket{" + APP + ",status=\"" + status + "\",le=\"" + le + "\"}");
			}
		}
		for (String le : List.of("10.0", "50.0", "100.0", "200.0", "500.0", "1000.0", "5000.0", "+Inf")) {
			assertThat(scrape.samples()).containsKey("order_value_dollars_bucket{" + APP + ",le=\"" + le + "\"}");
		}
		assertThat(scrape.text()).contains("# TYPE order_processing_seconds histogram",
				"# TYPE order_value_dollars histogram", "# TYPE orders_total counter");
		// timed by AttemptTimers (the default meter handler gives no description)
		assertThat(scrape.text()).contains(
				"# HELP restate_handler_attempt_seconds Restate handler attempts, replays included, by target and error",
				"# HELP restate_handler_step_seconds Durable steps that ran");
		assertThat(scrape.samples().keySet())
			.anyMatch((series) -> series.startsWith("restate_handler_attempt_seconds_count{" + APP + ",error=\"none\","
					+ "restate_target=\"OrderService/ProcessOrder\"}"))
			.anyMatch((series) -> series.startsWith("restate_handler_step_seconds_count{" + APP + ",error=\"none\","
					+ "restate_step=\"payment\",restate_target=\"OrderService/ProcessOrder\"}"));
		assertThat(scrape.samples().keySet()).anyMatch((series) -> series.startsWith("jvm_memory_used_bytes{" + APP))
			.anyMatch((series) -> series.startsWith("process_uptime_seconds{" + APP))
			.noneMatch((series) -> series.contains("metrics-1"));
	}

	@Test
	void orderRetriedAfterItsPaymentStepIsCountedAndLoggedOnce(CapturedOutput output) {
		PrometheusScrape before = scrape();

		Reply reply = this.ingress.processOrder("retried-1", Ingress.seedOrder("retried-1", WAREHOUSE_FLAKY + "1"));

		assertThat(reply.field("status")).isEqualTo("completed");
		assertThat(this.fulfillment.calls("retried-1")).as("the fulfilment step ran twice").isEqualTo(2);
		assertThat(this.payments.calls("retried-1")).as("the payment step was replayed, not re-run").isEqualTo(1);
		PrometheusScrape after = scrape();
		assertThat(delta(before, after, "orders_total{" + APP + ",status=\"success\"}")).isEqualTo(1);
		assertThat(delta(before, after, "orders_total{" + APP + ",status=\"failed\"}")).isZero();
		assertThat(delta(before, after, "order_processing_seconds_count{" + APP + ",status=\"success\"}")).isEqualTo(1);
		assertThat(delta(before, after, "order_value_dollars_count{" + APP + "}")).isEqualTo(1);
		assertThat(delta(before, after, "payment_attempts_total{" + APP + ",result=\"success\"}")).isEqualTo(1);
		await("orders_active back to zero").atMost(Duration.ofSeconds(5))
			.until(() -> scrape().value("orders_active{" + APP + "}") == 0);

		await("the order's log lines").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			List<JsonNode> lines = logLines(output, reply.invocationId());
			assertThat(lines).filteredOn((line) -> line.path("message").asText().equals("Processing order started"))
				.hasSize(1);
			assertThat(lines).filteredOn((line) -> line.path("message").asText().equals("Order processing completed"))
				.hasSize(1);
		});
	}

	@Test
	void everyLogLineOfAnOrderCarriesItsIdsAsOneJsonObject(CapturedOutput output) {
		Reply reply = this.ingress.processOrder("logged-1", Ingress.seedOrder("logged-1", GATEWAY_DOWN + "1"));

		await("the order's last log line").atMost(Duration.ofSeconds(5))
			.until(() -> logLines(output, reply.invocationId()).stream()
				.anyMatch((line) -> line.path("message").asText().equals("Payment processing failed")));
		List<JsonNode> lines = logLines(output, reply.invocationId());

		assertThat(lines).extracting((line) -> line.path("message").asText())
			.contains("Processing order started", "Processing payment", "Payment processing failed")
			.as("lines written inside the payment step")
			.contains("Payment attempt failed: gateway down (scripted)");
		assertThat(lines).filteredOn((line) -> line.path("logger_name").asText().startsWith("dev.observableorders"))
			.isNotEmpty()
			.allSatisfy((line) -> {
				assertThat(line.path("orderId").asText()).isEqualTo("logged-1");
				assertThat(line.path("customerId").asText()).as("masked: logging.mask-customer-ids")
					.isEqualTo("ga•••-1");
				assertThat(line.path("restateInvocationTarget").asText()).isEqualTo("OrderService/ProcessOrder");
				assertThat(line.path("service").asText()).isEqualTo("order-service");
			});
		assertThat(lines).filteredOn((line) -> line.path("message").asText().equals("Processing order started"))
			.singleElement()
			.satisfies((line) -> {
				assertThat(line.path("itemCount").asInt()).isEqualTo(2);
				assertThat(line.has("total")).as("a total is logged once validated, as the amount").isFalse();
			});
		assertThat(lines).filteredOn((line) -> line.path("message").asText().equals("Processing payment"))
			.singleElement()
			.satisfies((line) -> assertThat(line.path("amount").asDouble()).isEqualTo(99.99));
		assertThat(output.getOut()).as("the whole customer id in no line").doesNotContain(GATEWAY_DOWN + "1");
		assertThat(lines).as("the SDK's per-invocation INFO lines are off by default")
			.noneMatch((line) -> line.path("logger_name").asText().startsWith("dev.restate")
					&& line.path("level").asText().equals("INFO"));
	}

	@Test
	void customerIdThatIsNoPlainIdentifierNeverReachesALogLine(CapturedOutput output) {
		String forged = "evil\n{\"message\":\"forged line\",\"level\":\"INFO\"}";

		Reply reply = this.ingress.processOrder("forging-1",
				"{\"customerId\":" + JSON.valueToTree(forged) + ",\"items\":[\"a\"],\"total\":10}");

		assertThat(reply.status()).isEqualTo(400);
		await("the rejection's log line").atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut()
				.lines()
				.filter((line) -> line.contains("\"orderId\":\"forging-1\""))
				.map(OrderTelemetryIT::parse)
				.anyMatch((line) -> line.path("message").asText().equals("Order validation failed")
						&& line.path("level").asText().equals("WARN")));
		assertThat(output.getOut()).doesNotContain("forged line").doesNotContain("evil");
		assertThat(output.getOut().lines().filter((line) -> line.contains("\"orderId\":\"forging-1\"")))
			.allSatisfy((line) -> assertThat(parse(line).has("customerId")).isFalse());
	}

	@Test
	void aTotalThatFailsValidationNeverReachesALogLine(CapturedOutput output) {
		Reply reply = this.ingress.processOrder("huge-total-1",
				"{\"customerId\":\"c-1\",\"items\":[\"a\"],\"total\":1E+999999999}");

		assertThat(reply.status()).isEqualTo(400);
		await("the rejection's log line").atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut()
				.lines()
				.anyMatch((line) -> line.contains("\"orderId\":\"huge-total-1\"")
						&& line.contains("Order validation failed")));
		assertThat(output.getOut()).doesNotContain("999999999");
	}

	private static double delta(PrometheusScrape before, PrometheusScrape after, String series) {
		return after.value(series) - before.value(series);
	}

	/**
	 * The JSON log lines that carry this invocation id; any line that is not JSON fails
	 * the test.
	 */
	private static List<JsonNode> logLines(CapturedOutput output, String invocationId) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains(invocationId))
			.map(OrderTelemetryIT::parse)
			.filter((line) -> invocationId.equals(line.path("restateInvocationId").asText()))
			.toList();
	}

	private static JsonNode parse(String line) {
		try {
			return JSON.readTree(line);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Log line is not one JSON object: " + line, ex);
		}
	}

}
