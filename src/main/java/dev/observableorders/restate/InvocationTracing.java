package dev.observableorders.restate;

import dev.restate.common.function.ThrowingSupplier;
import dev.restate.sdk.endpoint.definition.HandlerContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Spans for handler attempts and durable steps. SDK 2.4.1 creates none: it only extracts
 * the trace context Restate sends and makes it current on the threads that run handler
 * code.
 *
 * <p>
 * An attempt span is a child of that context and is current while the handler runs, so a
 * retry shows as a second attempt. A step span is created inside the step's action, which
 * Restate runs only when the journal does not hold the step's result: replayed steps emit
 * no spans.
 */
public class InvocationTracing {

	private final Tracer tracer;

	InvocationTracing(OpenTelemetry openTelemetry) {
		this.tracer = openTelemetry.getTracer("dev.observableorders.restate");
	}

	/** Starts the span of this handler attempt; it is current until closed. */
	public Attempt startAttempt(String name) {
		HandlerContext handler = InvocationPhase.current();
		Span span = this.tracer.spanBuilder(name).setSpanKind(SpanKind.SERVER).startSpan();
		if (handler != null) {
			span.setAttribute("restate.invocation.id", handler.request().invocationId().toString());
			span.setAttribute("restate.invocation.target", InvocationPhase.target(handler));
			span.setAttribute("restate.invocation.replaying", InvocationPhase.isReplaying());
		}
		return new Attempt(span, span.makeCurrent());
	}

	/**
	 * Wraps a step's action in a span, child of the span current now (the attempt's): the
	 * action runs on another thread, where only Restate's own context is current.
	 */
	public <T> ThrowingSupplier<T> step(String name, ThrowingSupplier<T> action) {
		Context parent = Context.current();
		return () -> {
			Span span = this.tracer.spanBuilder(name).setParent(parent).startSpan();
			try (Scope scope = span.makeCurrent()) {
				return action.get();
			}
			catch (Throwable ex) {
				span.recordException(ex);
				span.setStatus(StatusCode.ERROR, String.valueOf(ex.getMessage()));
				throw ex;
			}
			finally {
				span.end();
			}
		};
	}

	/** The span of one handler attempt. */
	public static final class Attempt implements AutoCloseable {

		private final Span span;

		private final Scope scope;

		private Attempt(Span span, Scope scope) {
			this.span = span;
			this.scope = scope;
		}

		public Attempt attribute(String key, String value) {
			this.span.setAttribute(key, value);
			return this;
		}

		/**
		 * Marks the attempt failed, e.g. because its outcome is a failure the caller must
		 * see.
		 */
		public void failed(String description) {
			this.span.setStatus(StatusCode.ERROR, description);
		}

		@Override
		public void close() {
			this.scope.close();
			this.span.end();
		}

	}

}
