package dev.observableorders.restate.observation;

import dev.restate.common.function.ThrowingSupplier;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.context.Scope;
import java.time.Duration;

/**
 * What one handler attempt carries: its observation, and the log fields every line of the
 * attempt and of its steps shows.
 */
public final class HandlerAttempt {

	/** Name of the attempt observation: its timer and the prefix that switches it off. */
	static final String ATTEMPT = "restate.handler.attempt";

	/**
	 * Low-cardinality key of attempts and steps: the handler, as {@code Service/handler}.
	 */
	static final String TARGET_KEY = "restate.target";

	/** Name of the step observation: its timer and the prefix that switches it off. */
	static final String STEP = "restate.handler.step";

	/** Low-cardinality key of steps: the step's name. */
	static final String STEP_KEY = "restate.step";

	private static final ThreadLocal<HandlerAttempt> CURRENT = new ThreadLocal<>();

	private final ObservationRegistry registry;

	private final Observation observation;

	private final AttemptContext context;

	private final long startNanos = System.nanoTime();

	HandlerAttempt(ObservationRegistry registry, Observation observation, AttemptContext context) {
		this.registry = registry;
		this.observation = observation;
		this.context = context;
	}

	/** A field on every log line of this attempt (null: none); in the MDC. */
	public HandlerAttempt logField(String name, String value) {
		if (value != null) {
			this.context.logFields().put(name, value);
		}
		return this;
	}

	/** An attribute of this attempt's span (never a meter tag: it may be an id). */
	public HandlerAttempt spanAttribute(String name, String value) {
		if (value != null) {
			this.observation.highCardinalityKeyValue(name, value);
		}
		return this;
	}

	/**
	 * Marks the attempt failed although the handler answered: its answer is a failure the
	 * caller must see.
	 */
	public void failed(String description) {
		this.observation.error(new FailedAnswer(description));
	}

	/** Time since this attempt began. */
	public Duration sinceStart() {
		return Duration.ofNanos(System.nanoTime() - this.startNanos);
	}

	/**
	 * The action, observed as one of this attempt's durable steps whenever it runs: a
	 * span that is a child of the attempt's, a timer {@code restate.handler.step}, the
	 * attempt's log fields on its lines (the SDK runs steps on other threads than the
	 * handler) and its failure recorded.
	 */
	public <T> ThrowingSupplier<T> step(String name, ThrowingSupplier<T> action) {
		return () -> {
			// The SDK makes Restate's trace context current on the step's thread, and
			// the tracing bridge prefers a current span to the parent observation's:
			// without this, the step's span would be a sibling of the attempt's.
			try (Scope restateContext = io.opentelemetry.context.Context.root().makeCurrent()) {
				return observeStep(name, action);
			}
		};
	}

	private <T> T observeStep(String name, ThrowingSupplier<T> action) throws Throwable {
		AttemptContext stepContext = this.context.forStep();
		Observation step = Observation.createNotStarted(STEP, () -> stepContext, this.registry)
			.contextualName(name)
			.parentObservation(this.observation)
			.lowCardinalityKeyValue(TARGET_KEY, stepContext.target())
			.lowCardinalityKeyValue(STEP_KEY, name)
			.start();
		try (Observation.Scope scope = step.openScope()) {
			return action.get();
		}
		catch (Throwable ex) {
			step.error(ex);
			throw ex;
		}
		finally {
			step.stop();
		}
	}

	/** The attempt the current thread runs, or null outside observed handlers. */
	public static HandlerAttempt current() {
		return CURRENT.get();
	}

	/** Makes this the current thread's attempt; returns the one it replaces. */
	HandlerAttempt enter() {
		HandlerAttempt outer = CURRENT.get();
		CURRENT.set(this);
		return outer;
	}

	static void restore(HandlerAttempt outer) {
		if (outer == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(outer);
		}
	}

	/**
	 * Stands for a failed answer on the span and the timer's {@code error} tag; no stack
	 * trace, since nothing was thrown.
	 */
	static final class FailedAnswer extends RuntimeException {

		FailedAnswer(String description) {
			super(description, null, false, false);
		}

	}

}
