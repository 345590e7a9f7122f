package dev.observableorders.restate.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import dev.observableorders.support.CollectedSpans;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@link AttemptSpans} stands in for Micrometer's default tracing handler for attempts
 * and steps, on the real OpenTelemetry SDK behind the real bridge: these fail when its
 * spans differ from the default handler's in name, parent, attributes, status or events.
 */
class AttemptSpansTest {

	@Test
	void attemptsAndStepsGetTheSpansTheDefaultHandlerWouldExport() {
		List<String> withDefault = exportedBy(DefaultTracingObservationHandler::new);
		List<String> withOurs = exportedBy(AttemptSpans::new);

		assertThat(withOurs).isEqualTo(withDefault)
			.contains(
					"payment <- Orders/Process OK {region=eu-1, restate.step=payment, restate.target=Orders/Process} []",
					"Orders/Process <- - OK {order.id=o-0, region=eu-1, restate.invocation.id=inv-0, restate.target=Orders/Process} []",
					"Orders/Process <- - ERROR:declined {order.id=o-1, region=eu-1, restate.invocation.id=inv-1, restate.target=Orders/Process} [exception]",
					"Orders/Process <- - ERROR:flagged {region=eu-1, restate.invocation.id=inv-2, restate.target=Orders/Process} [exception]");
	}

	@Test
	void bootGivesTheAttemptsToAttemptSpansAndOtherObservationsToItsDefaultHandler() {
		List<String> enders = new ArrayList<>();
		SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(new EnderOf(enders)).build();
		Tracer tracer = new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), (event) -> {
		});
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ObservationAutoConfiguration.class, MicrometerTracingAutoConfiguration.class))
			.withBean(Tracer.class, () -> tracer)
			.withBean(AttemptSpans.class, () -> new AttemptSpans(tracer))
			.run((context) -> {
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				Observation.start(HandlerAttempt.ATTEMPT, () -> new AttemptContext("Orders/Process"), registry).stop();
				Observation.start("http.client.requests", registry).stop();
			});

		assertThat(enders).containsExactly("AttemptSpans", "OtelSpan");
	}

	@Test
	void otherObservationsAreLeftToTheDefaultHandler() {
		AttemptSpans spans = new AttemptSpans(Tracer.NOOP);

		assertThat(spans.supportsContext(new AttemptContext("Orders/Process"))).isTrue();
		assertThat(spans.supportsContext(new Observation.Context())).isFalse();
	}

	@Test
	void withTracingOffTheNoopTracersSpansEndQuietly() {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new AttemptSpans(Tracer.NOOP));
		AttemptContext context = new AttemptContext("Orders/Process");

		// the no-op tracer's spans are not the bridge's: ended as the default handler
		// ends them
		assertThatCode(() -> Observation.start(HandlerAttempt.ATTEMPT, () -> context, observations).stop())
			.doesNotThrowAnyException();
		assertThat(context.getError()).isNull();
	}

	private interface HandlerFactory {

		ObservationHandler<? extends Observation.Context> create(Tracer tracer);

	}

	/**
	 * Three attempts (a step each, one failing, one failed by an {@code error} key value)
	 * and a foreign observation, as one line per span, sorted.
	 */
	private static List<String> exportedBy(HandlerFactory ours) {
		CollectedSpans collected = new CollectedSpans();
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(collected))
			.build();
		Tracer tracer = new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), (event) -> {
		});
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new FirstMatchingCompositeObservationHandler(ours.create(tracer),
					new DefaultTracingObservationHandler(tracer)))
			// a filter adds and removes key values through other methods than the
			// observation's
			.observationFilter((context) -> context.addLowCardinalityKeyValues(KeyValues.of("region", "eu-1"))
				.removeHighCardinalityKeyValues("scratch"));
		for (int i = 0; i < 3; i++) {
			AttemptContext context = new AttemptContext("Orders/Process");
			Observation attempt = Observation.createNotStarted(HandlerAttempt.ATTEMPT, () -> context, registry)
				.contextualName("Orders/Process")
				.lowCardinalityKeyValue("restate.target", "Orders/Process")
				.highCardinalityKeyValue("restate.invocation.id", "inv-" + i)
				.highCardinalityKeyValue("scratch", "removed by the filter")
				.start();
			AttemptContext stepContext = context.forStep();
			Observation.createNotStarted(HandlerAttempt.STEP, () -> stepContext, registry)
				.contextualName("payment")
				.parentObservation(attempt)
				.lowCardinalityKeyValue("restate.target", "Orders/Process")
				.lowCardinalityKeyValue("restate.step", "payment")
				.start()
				.stop();
			if (i < 2) {
				attempt.highCardinalityKeyValue("order.id", "o-" + i);
			}
			if (i == 1) {
				attempt.error(new IllegalStateException("declined"));
			}
			if (i == 2) {
				context.addHighCardinalityKeyValue(KeyValue.of("error", "flagged"));
			}
			attempt.stop();
		}
		Observation.start("http.client.requests", registry).stop();
		provider.close();

		Map<String, String> names = new TreeMap<>();
		List<SpanData> exported = collected.spans();
		exported.forEach((span) -> names.put(span.getSpanId(), span.getName()));
		List<String> lines = new ArrayList<>();
		for (SpanData span : exported) {
			String status = span.getStatus().getStatusCode()
					+ (span.getStatus().getDescription().isEmpty() ? "" : ":" + span.getStatus().getDescription());
			lines.add(span.getName() + " <- " + names.getOrDefault(span.getParentSpanId(), "-") + " " + status + " "
					+ attributes(span) + " " + span.getEvents().stream().map(EventData::getName).toList());
		}
		lines.sort(null);
		return lines;
	}

	private static Map<String, Object> attributes(SpanData span) {
		Map<String, Object> attributes = new TreeMap<>();
		span.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), value));
		return attributes;
	}

	/**
	 * Who ended each span: the class that called the OpenTelemetry span's {@code end}.
	 */
	private record EnderOf(List<String> enders) implements SpanProcessor {

		@Override
		public void onStart(io.opentelemetry.context.Context parent, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			StackTraceElement[] stack = new Throwable().getStackTrace();
			for (StackTraceElement frame : stack) {
				String type = frame.getClassName();
				if (!type.startsWith("io.opentelemetry.") && !type.equals(EnderOf.class.getName())) {
					this.enders.add(type.substring(type.lastIndexOf('.') + 1));
					return;
				}
			}
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

	}

}
