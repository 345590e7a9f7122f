package dev.observableorders.pages;

import dev.observableorders.order.OrderResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What Restate knows about one order: its stored result and every {@code ProcessOrder}
 * invocation for its key (resubmissions included), each with its journal.
 *
 * @param customerId the customer of the order Restate stored when it accepted it, or null
 * @param result the stored result, or null when none is stored
 * @param invocations oldest first
 * @param asOf when the facts were read
 */
record OrderFacts(String orderId, String customerId, OrderResult result, List<Invocation> invocations, Instant asOf) {

	/**
	 * One {@code ProcessOrder} invocation.
	 *
	 * @param status Restate's: {@code pending}, {@code scheduled}, {@code ready},
	 * {@code running}, {@code backing-off}, {@code suspended}, {@code paused} or
	 * {@code completed}
	 * @param completion for completed ones: {@code success}, {@code failure} or
	 * {@code killed}
	 * @param retryCount attempts so far (Restate's {@code retry_count}: 1 for the first;
	 * for an order backing off, all of them failed), while unfinished (Restate forgets it
	 * on completion)
	 * @param lastFailure the last failure, while unfinished
	 * @param failedStep the step the last failure happened in, while unfinished
	 * @param failures the failed attempts Restate recorded as journal events, oldest
	 * first
	 */
	record Invocation(String id, String status, String completion, Instant createdAt, Instant modifiedAt,
			Instant completedAt, long retryCount, String lastFailure, String lastFailureCode, String failedStep,
			Instant nextRetryAt, String traceId, List<Entry> journal, List<Failure> failures) {

		boolean finished() {
			return "completed".equals(this.status);
		}

		/**
		 * Whether this invocation did the order's work, rather than return a stored
		 * result.
		 */
		boolean decided() {
			return this.journal.stream()
				.anyMatch((entry) -> entry.name() != null
						&& (entry.name().equals("payment") || entry.name().equals("record-rejection")));
		}

		Duration age(Instant now) {
			return Duration.between(this.createdAt, now);
		}

		Failure lastFailureIn(String step) {
			return this.failures.stream()
				.filter((failure) -> step.equals(failure.step()))
				.reduce((a, b) -> b)
				.orElse(null);
		}

	}

	/**
	 * One journal entry.
	 *
	 * @param type Restate's entry type, e.g. {@code Command: Run}
	 * @param name the step's name for named entries
	 * @param at when it was appended, when Restate records it
	 */
	record Entry(int index, String type, String name, Instant at) {
	}

	/** A failed attempt, as Restate recorded it. */
	record Failure(Instant at, String step, String message) {
	}

	/** The invocation that decided the outcome: the latest that did the work. */
	Invocation deciding() {
		Invocation deciding = null;
		for (Invocation invocation : this.invocations) {
			if (invocation.finished() && invocation.decided()) {
				deciding = invocation;
			}
		}
		return deciding;
	}

	/** The newest invocation, or null. */
	Invocation latest() {
		return this.invocations.isEmpty() ? null : this.invocations.get(this.invocations.size() - 1);
	}

}
