package dev.observableorders.restate.observation;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Map;
import org.springframework.core.Ordered;

/**
 * The spans of handler attempts and steps: what Micrometer's
 * {@link DefaultTracingObservationHandler} makes of them, which still traces every other
 * observation, without two costs it pays at every stop, three times an order
 * (docs/benchmark-analysis.md, Finding 12):
 * <ul>
 * <li>it copies, sorts and merges all key values to tag the span; here they are read from
 * {@link AttemptContext}, which keeps them as they are added;</li>
 * <li>the OpenTelemetry bridge's {@code OtelSpan.end()} builds the span's whole
 * {@code SpanData}, attributes sorted, only to see whether its status is unset and set it
 * to OK; here the status is known (the observation's error, or an {@code error} key
 * value, set it to ERROR) and the OpenTelemetry span is ended directly.</li>
 * </ul>
 * {@code AttemptSpansTest} fails if a Micrometer or OpenTelemetry upgrade makes these
 * spans differ from the default handler's. Spans of another tracer (the no-op one when
 * tracing is off) end as the default handler ends them.
 *
 * <p>
 * Not a subclass of the default handler: Boot defines its own only when no bean of that
 * type exists. Ordered first, so that Boot's first-matching group of tracing handlers
 * gives it the attempts' and steps' contexts.
 */
class AttemptSpans implements TracingObservationHandler<AttemptContext>, Ordered {

	private final Tracer tracer;

	AttemptSpans(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public void onStart(AttemptContext context) {
		Span parent = getParentSpan(context);
		Span span = (parent != null) ? this.tracer.nextSpan(parent) : this.tracer.nextSpan();
		getTracingContext(context).setSpan(span.start());
	}

	@Override
	public void onStop(AttemptContext context) {
		Span span = getRequiredSpan(context);
		span.name(getSpanName(context));
		boolean failed = context.getError() != null;
		// low, then high: a key in both ends with the high-cardinality value, as in
		// getAllKeyValues()
		failed |= tag(span, context.lowCardinality());
		failed |= tag(span, context.highCardinality());
		getTracingContext(context).close();
		if (span instanceof OtelSpan) {
			io.opentelemetry.api.trace.Span otel = OtelSpan.toOtel(span);
			if (!failed) {
				otel.setStatus(StatusCode.OK);
			}
			otel.end();
		}
		else {
			span.end();
		}
	}

	/** As the default {@code tagSpan}: true if an {@code error} key value failed it. */
	private static boolean tag(Span span, Map<String, String> keyValues) {
		boolean failed = false;
		for (Map.Entry<String, String> keyValue : keyValues.entrySet()) {
			if ("error".equalsIgnoreCase(keyValue.getKey())) {
				span.error(new RuntimeException(keyValue.getValue()));
				failed = true;
			}
			else {
				span.tag(keyValue.getKey(), keyValue.getValue());
			}
		}
		return failed;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof AttemptContext;
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
