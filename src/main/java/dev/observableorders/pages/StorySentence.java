package dev.observableorders.pages;

import dev.observableorders.order.OrderRecords;
import dev.observableorders.order.OrderResult;
import java.time.Duration;
import java.time.Instant;

/**
 * The one plain sentence at the top of an order's page, built from its facts only: what
 * happened, how long it took, how often each step was tried, and what to do when
 * something is stuck.
 */
final class StorySentence {

	private StorySentence() {
	}

	static String of(OrderFacts facts) {
		OrderFacts.Invocation latest = facts.latest();
		if (latest != null && !latest.finished()) {
			return unfinished(latest, facts.asOf());
		}
		OrderResult result = facts.result();
		if (result == null) {
			if (facts.customerId() != null) {
				// only an accepted order has a customer on record: it may be charged
				return "Charged without a result: its call ended"
						+ ((latest != null && "killed".equals(latest.completion()))
								? ", killed by an operator " + ago(latest.completedAt(), facts.asOf()) + "," : "")
						+ " after it was accepted for charging, and the payment gateway may hold its money."
						+ " Resubmit it unchanged to finish it (it is charged once, under its key), or void its"
						+ " charge. See runbook OrderOrphaned.";
			}
			if (latest != null && "killed".equals(latest.completion())) {
				return "Killed by an operator " + ago(latest.completedAt(), facts.asOf())
						+ "; nothing was stored. Resubmit it unchanged to process it.";
			}
			if (latest != null) {
				return "Not processed: its last call ended without a stored result ("
						+ orElse(latest.completion(), "unknown") + ").";
			}
			return "Restate knows no order with this id: it was never submitted, or is older than Restate's retention.";
		}
		OrderFacts.Invocation deciding = facts.deciding();
		String took = (deciding != null && deciding.completedAt() != null)
				? " in " + seconds(Duration.between(deciding.createdAt(), deciding.completedAt())) : "";
		return switch (result.status()) {
			case COMPLETED ->
				"Completed" + took + ": paid" + attempts(deciding, "payment") + ", handed to the warehouse"
						+ attempts(deciding, "fulfillment") + shippedAnyway(result.cancel()) + ".";
			case PAYMENT_DECLINED ->
				"Declined" + took + ": the payment gateway declined the charge" + attempts(deciding, "payment") + ".";
			case PAYMENT_FAILED -> "Failed" + took + ": the payment could not be processed"
					+ attempts(deciding, "payment") + "; " + voided(result.chargeVoid()) + ".";
			case FULFILLMENT_FAILED -> "Failed" + took + ": paid, but the warehouse did not take it"
					+ attempts(deciding, "fulfillment") + "; " + settled(result) + ".";
			case VALIDATION_FAILED -> "Rejected: " + result.message();
			case NOT_FOUND -> "Restate knows no order with this id.";
		};
	}

	private static String unfinished(OrderFacts.Invocation latest, Instant now) {
		String age = seconds(latest.age(now));
		if (OrderRecords.JOURNAL_MISMATCH.equals(latest.lastFailureCode())) {
			return "Stuck for " + age + ": its journal no longer matches the code at its deployment (Restate's RT0016,"
					+ " failed " + times(latest.retryCount()) + "). A version with other steps replaced the one it"
					+ " started on at the same address; it finishes only once that version serves it again. See"
					+ " runbook OrderJournalMismatch.";
		}
		String step = (latest.failedStep() != null) ? "the " + latest.failedStep() + " step" : "it";
		String failure = (latest.lastFailure() != null) ? " (" + latest.lastFailure() + ")" : "";
		return switch (latest.status()) {
			case "pending", "ready", "inboxed" -> "Queued for " + age + ": another call for this order runs first.";
			case "scheduled" -> "Scheduled " + age + " ago, not started yet.";
			case "paused" -> "Paused for " + seconds(Duration.between(latest.modifiedAt(), now)) + ": " + step
					+ " failed " + times(latest.retryCount()) + failure
					+ "; resume or kill it in Restate. See runbook OrdersStuckInRetry.";
			case "backing-off" -> "Stuck for " + age + ": " + step + " has failed " + times(latest.retryCount())
					+ failure + nextRetry(latest, now) + ". See runbook OrdersStuckInRetry.";
			default -> (latest.retryCount() > 1) ? "Running for " + age + ", attempt " + latest.retryCount() + ": "
					+ step + " failed before" + failure + "." : "Running for " + age + ".";
		};
	}

	private static String nextRetry(OrderFacts.Invocation latest, Instant now) {
		if (latest.nextRetryAt() == null) {
			return "";
		}
		Duration wait = Duration.between(now, latest.nextRetryAt());
		return wait.isNegative() ? ", retrying now" : ", next retry in " + seconds(wait);
	}

	/**
	 * " on the first attempt", or " after retrying (warehouse unavailable)". Restate 1.7
	 * records a failed attempt as a journal event only when its error differs from the
	 * previous one, and forgets the retry count once an invocation completes: so the
	 * number of attempts of a finished step is not known, only that it failed and how.
	 */
	private static String attempts(OrderFacts.Invocation deciding, String step) {
		if (deciding == null) {
			return "";
		}
		OrderFacts.Failure last = deciding.lastFailureIn(step);
		if (last == null) {
			return " on the first attempt";
		}
		return " after retrying" + ((last.message() != null) ? " (" + last.message() + ")" : "");
	}

	private static String voided(OrderResult.ChargeVoid chargeVoid) {
		if (chargeVoid == null) {
			return "nothing was charged";
		}
		return switch (chargeVoid.status()) {
			case "voided" -> "the charge the gateway had taken was voided";
			case "not_found" -> "the gateway held no charge for it";
			default -> "voiding a possible charge failed: money may be held. See runbook OrderVoidFailed";
		};
	}

	private static String shippedAnyway(OrderResult.ShipmentCancel cancel) {
		return (cancel != null && "shipped".equals(cancel.status()))
				? "; it never answered, and had shipped when the hand-over was cancelled" : "";
	}

	private static String settled(OrderResult result) {
		if (result.cancel() != null && "failed".equals(result.cancel().status())) {
			return "cancelling the hand-over failed, so the goods may ship and the payment is kept."
					+ " See runbook FulfillmentCancelFailed";
		}
		return refunded(result.refund());
	}

	private static String refunded(OrderResult.Refund refund) {
		if (refund == null) {
			return "no refund is recorded";
		}
		return "failed".equals(refund.status()) ? "the refund of " + refund.amount()
				+ " failed: the customer paid for an order that will not ship." + " See runbook OrderRefundFailed"
				: "the payment of " + refund.amount() + " was refunded";
	}

	private static String times(long count) {
		return (count == 1) ? "once" : count + " times";
	}

	private static String ago(Instant at, Instant now) {
		return (at != null) ? seconds(Duration.between(at, now)) + " ago" : "";
	}

	/** 0.42 s, 17 s, 17 min, 3 h. */
	static String seconds(Duration duration) {
		long millis = Math.max(0, duration.toMillis());
		if (millis < 10_000) {
			return String.format(java.util.Locale.ROOT, "%.2f s", millis / 1000.0);
		}
		if (millis < 120_000) {
			return millis / 1000 + " s";
		}
		if (millis < 2 * 3_600_000) {
			return millis / 60_000 + " min";
		}
		return millis / 3_600_000 + " h";
	}

	private static String orElse(String value, String fallback) {
		return (value != null) ? value : fallback;
	}

}
