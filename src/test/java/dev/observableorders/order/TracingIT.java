package dev.observableorders.order;

import org.springframework.test.context.TestPropertySource;
import dev.observableorders.support.ServiceTest;
import static dev.observableorders.support.ScriptedPartners.GATEWAY_DOWN;
import static dev.observableorders.support.ScriptedPartners.WAREHOUSE_FLAKY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observableorders.support.Ingress;
import dev.observableorders.support.Ingress.Reply;
import dev.observableorders.support.OtlpReceiver;
import dev.observableorders.support.OtlpReceiver.ReceivedSpan;
import dev.observableorders.support.RestateServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One trace per order across the caller, the real Restate server and the service,
 * collected by an OTLP receiver in this test from both.
 */
@ServiceTest
@TestPropertySource(properties = { "management.opentelemetry.tracing.export.otlp.transport=grpc",
		"management.opentelemetry.tracing.export.schedule-delay=100ms" })
@ExtendWith(OutputCaptureExtension.class)
class TracingIT {

	private static final String SERVICE = "order-service";

	private static final OtlpReceiver receiver = new OtlpReceiver();

	private static final RestateServer restate = RestateServer
		.startFresh(Map.of("RESTATE_TRACING_ENDPOINT", receiver.url().toString()));

	private final Ingress ingress = new Ingress(restate.ingressUrl());

	@LocalServerPort
	int managementPort;

	@DynamicPropertySource
	static void restateAndCollector(DynamicPropertyRegistry registry) {
		registry.add("restate.deployment.admin-url", () -> restate.adminUrl().toString());
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", () -> receiver.url().toString());
	}

	@AfterAll
	static void stop() {
		restate.close();
		receiver.close();
	}

	@Test
	void oneTraceLinksCallerRestateHandlerAttemptPaymentAndFulfilment() {
		Caller caller = new Caller();

		Reply reply = caller.processOrder("traced-1", "cust-1");

		assertThat(reply.field("status")).isEqualTo("completed");
		List<ReceivedSpan> trace = awaitSpans(caller.traceId, "fulfillment", 1);
		ReceivedSpan attempt = single(trace, "ProcessOrder");
		assertThat(attempt.attribute("order.id")).isEqualTo("traced-1");
		assertThat(attempt.attribute("order.status")).isEqualTo("completed");
		assertThat(attempt.attribute("restate.invocation.id")).isEqualTo(reply.invocationId());
		assertThat(single(trace, "payment").parentSpanId()).isEqualTo(attempt.spanId());
		assertThat(single(trace, "fulfillment").parentSpanId()).isEqualTo(attempt.spanId());
		List<ReceivedSpan> restateChain = ancestors(trace, attempt);
		assertThat(restateChain).as("Restate's spans between the caller and the attempt, in %s", trace)
			.isNotEmpty()
			.allSatisfy((span) -> assertThat(span.service()).isNotEqualTo(SERVICE));
		assertThat(restateChain.get(restateChain.size() - 1).parentSpanId()).isEqualTo(caller.spanId);
	}

	@Test
	void retriedOrderShowsTwoAttemptsAndNoDuplicatedStepSpans(CapturedOutput output) {
		Caller caller = new Caller();

		Reply reply = caller.processOrder("traced-retry", WAREHOUSE_FLAKY + "1");

		assertThat(reply.field("status")).isEqualTo("completed");
		List<ReceivedSpan> trace = awaitSpans(caller.traceId, "fulfillment", 2);
		List<ReceivedSpan> attempts = named(trace, "ProcessOrder");
		assertThat(attempts).hasSize(2);
		assertThat(named(trace, "payment")).as("the payment step was replayed, not re-run").hasSize(1);
		assertThat(named(trace, "fulfillment")).extracting(ReceivedSpan::isError)
			.containsExactlyInAnyOrder(true, false);
		assertThat(named(trace, "fulfillment")).extracting(ReceivedSpan::parentSpanId)
			.containsExactlyInAnyOrderElementsOf(attempts.stream().map(ReceivedSpan::spanId).toList());

		// log lines are written by the appender's writer thread, a moment after the call
		await("the invocation's log lines").atMost(Duration.ofSeconds(5))
			.untilAsserted(
					() -> assertThat(output.getOut().lines().filter((line) -> line.contains(reply.invocationId())))
						.isNotEmpty()
						.allSatisfy((line) -> assertThat(line).contains("\"trace_id\":\"" + caller.traceId + "\"")));
	}

	@Test
	void failedPaymentCarriesErrorStatus() {
		Caller caller = new Caller();

		Reply reply = caller.processOrder("traced-failed", GATEWAY_DOWN + "1");

		assertThat(reply.field("status")).isEqualTo("payment_failed");
		List<ReceivedSpan> trace = awaitSpans(caller.traceId, "ProcessOrder", 3);
		assertThat(named(trace, "payment")).hasSize(3).allMatch(ReceivedSpan::isError);
		assertThat(named(trace, "ProcessOrder"))
			.filteredOn((span) -> "payment_failed".equals(span.attribute("order.status")))
			.singleElement()
			.satisfies((span) -> assertThat(span.isError()).isTrue());
	}

	@Test
	void processingTimeExemplarsPointToTracesTheCollectorHas() throws Exception {
		new Caller().processOrder("traced-exemplar", "cust-1");

		String openMetrics = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/metrics"))
				.header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher exemplar = Pattern.compile(
				"order_processing_seconds_bucket\\{[^}]*status=\"success\"[^}]*\\} \\S+ # \\{[^}]*trace_id=\"(\\w+)\"")
			.matcher(openMetrics);

		assertThat(exemplar.find()).as("an exemplar on order_processing_seconds in%n%s", openMetrics).isTrue();
		String traceId = exemplar.group(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.trace(traceId).isEmpty());
	}

	private static List<ReceivedSpan> awaitSpans(String traceId, String name, int count) {
		await("%d %s spans of trace %s".formatted(count, name, traceId)).atMost(Duration.ofSeconds(20))
			.until(() -> named(receiver.trace(traceId), name).size() >= count
					&& receiver.trace(traceId).stream().anyMatch((span) -> !span.service().equals(SERVICE)));
		return receiver.trace(traceId);
	}

	private static List<ReceivedSpan> named(List<ReceivedSpan> trace, String name) {
		return trace.stream().filter((span) -> span.service().equals(SERVICE) && span.name().equals(name)).toList();
	}

	private static ReceivedSpan single(List<ReceivedSpan> trace, String name) {
		assertThat(named(trace, name)).as("%s spans in %s", name, trace).hasSize(1);
		return named(trace, name).get(0);
	}

	/** The spans from the given one's parent up to the root of what the collector has. */
	private static List<ReceivedSpan> ancestors(List<ReceivedSpan> trace, ReceivedSpan span) {
		List<ReceivedSpan> chain = new java.util.ArrayList<>();
		Optional<ReceivedSpan> parent = parentOf(trace, span);
		while (parent.isPresent()) {
			chain.add(parent.get());
			parent = parentOf(trace, parent.get());
		}
		return chain;
	}

	private static Optional<ReceivedSpan> parentOf(List<ReceivedSpan> trace, ReceivedSpan span) {
		return trace.stream().filter((candidate) -> candidate.spanId().equals(span.parentSpanId())).findFirst();
	}

	/** A traced client: sends a W3C traceparent, as an instrumented caller would. */
	private final class Caller {

		final String traceId = HexFormat.of().formatHex(randomBytes(16));

		final String spanId = HexFormat.of().formatHex(randomBytes(8));

		Reply processOrder(String orderId, String customerId) {
			return TracingIT.this.ingress.post("/OrderService/" + orderId + "/ProcessOrder", "application/json",
					Ingress.seedOrder(orderId, customerId),
					Map.of("traceparent", "00-" + this.traceId + "-" + this.spanId + "-01"));
		}

		private static byte[] randomBytes(int count) {
			byte[] bytes = new byte[count];
			ThreadLocalRandom.current().nextBytes(bytes);
			return bytes;
		}

	}

}
