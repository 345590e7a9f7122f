package dev.observableorders.restate.steps;

import dev.restate.common.function.ThrowingSupplier;
import dev.restate.sdk.Context;
import dev.restate.sdk.common.RetryPolicy;
import dev.observableorders.restate.observation.HandlerAttempt;
import dev.observableorders.restate.invocation.InvocationPhase;
import java.time.Duration;
import java.time.Instant;

/**
 * The durable steps of one handler attempt. Each step runs once and is journaled
 * ({@code ctx.run}); when it runs, and only then, it is observed: a span that is a child
 * of the attempt's, a timer {@code restate.handler.step}, the attempt's log fields on its
 * lines (the SDK runs steps on other threads than the handler) and its failure recorded.
 * A replayed step emits nothing.
 */
public final class DurableSteps {

	private final Context ctx;

	private final HandlerAttempt attempt;

	private DurableSteps(Context ctx, HandlerAttempt attempt) {
		this.ctx = ctx;
		this.attempt = attempt;
	}

	/** The steps of the attempt running on this thread (unobserved outside one). */
	public static DurableSteps of(Context ctx) {
		return new DurableSteps(ctx, HandlerAttempt.current());
	}

	/**
	 * Runs a named durable step with its retry policy; replays return its journaled
	 * result. A failure that asks for it ({@link UnboundedRetry}) is retried beyond the
	 * policy's attempts and duration, at most the policy's own maximum delay apart.
	 */
	public <T> T run(String name, Class<T> type, RetryPolicy retry, ThrowingSupplier<T> action) {
		return run(name, type, retry, retry, action);
	}

	/**
	 * As {@link #run(String, Class, RetryPolicy, ThrowingSupplier)}, a failure that asks
	 * for it being retried without bound at most {@code waiting}'s maximum delay apart: a
	 * step that waits for a person should not ask every second, nor use up Restate's own
	 * limit of attempts (after which it pauses the invocation) within minutes.
	 *
	 * <p>
	 * SDK 2.4.1 decides whether a failed step is retried, and when, after the action has
	 * thrown, from the very policy object passed to {@code ctx.run}: each step gets its
	 * own copy, and the failure changes that copy before the SDK reads it
	 * ({@code DurableStepsTest} fails when an SDK upgrade stops reading the same object).
	 */
	public <T> T run(String name, Class<T> type, RetryPolicy retry, RetryPolicy waiting, ThrowingSupplier<T> action) {
		RetryPolicy policy = copyOf(retry);
		ThrowingSupplier<T> observed = observed(name, action);
		return this.ctx.run(name, type, policy, () -> {
			try {
				return observed.get();
			}
			catch (Throwable ex) {
				if (ex instanceof UnboundedRetry unbounded && unbounded.retryWithoutBound()) {
					policy.setMaxAttempts(null).setMaxDuration(null).setMaxDelay(waiting.getMaxDelay());
				}
				throw ex;
			}
		});
	}

	private static RetryPolicy copyOf(RetryPolicy retry) {
		return RetryPolicy.exponential(retry.getInitialDelay(), retry.getExponentiationFactor())
			.setMaxDelay(retry.getMaxDelay())
			.setMaxAttempts(retry.getMaxAttempts())
			.setMaxDuration(retry.getMaxDuration());
	}

	/** A durable timestamp, for outcomes that no step returned one for. */
	public Instant now(String name) {
		return this.ctx.run(name, Instant.class, Instant::now);
	}

	/**
	 * Runs telemetry of an outcome unless the journal is being replayed here: called just
	 * before the state write that stores the outcome, it counts each outcome once however
	 * often the handler is retried or replayed after deciding it.
	 */
	public void unlessReplaying(Runnable telemetry) {
		if (!InvocationPhase.isReplaying()) {
			telemetry.run();
		}
	}

	/**
	 * A step's failure as a person should read it: the SDK reports it, and Restate
	 * records it, as the exception's {@code toString()}, class name first; this is the
	 * message only.
	 */
	public static String failureMessage(String reported) {
		return (reported != null) ? reported.replaceFirst("^[\\w.$]+(Exception|Error): ", "") : null;
	}

	/** Time since this attempt began (zero outside an observed attempt). */
	public Duration sinceAttemptStart() {
		return (this.attempt != null) ? this.attempt.sinceStart() : Duration.ZERO;
	}

	private <T> ThrowingSupplier<T> observed(String name, ThrowingSupplier<T> action) {
		return (this.attempt != null) ? this.attempt.step(name, action) : action;
	}

}
