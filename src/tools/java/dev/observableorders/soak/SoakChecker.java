package dev.observableorders.soak;

import dev.observableorders.support.StubPaymentGateway.Charge;
import dev.observableorders.support.StubPaymentGateway.Refund;
import dev.observableorders.support.StubWarehouse.Shipment;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The soak's independent checker (issue 18): rules over ground truth only — what every
 * caller was answered, the stub gateway's ledger, what Restate stored and still runs,
 * what Prometheus counted — never over what the service says about itself. Pure, so that
 * a planted bug (a second charge, a miscount) shows in a unit test, and so that
 * {@code MoneySafetyIT} checks its books with the same rules.
 */
public final class SoakChecker {

	/** Statuses a stored result may end with. */
	static final Set<String> FINAL = Set.of("completed", "payment_declined", "validation_failed", "payment_failed",
			"fulfillment_failed");

	/** One disagreement: the order, the rule it breaks, and the records that disagree. */
	public record Violation(String orderId, String rule, String records) {

		@Override
		public String toString() {
			return this.orderId + ": " + this.rule + " — " + this.records;
		}

	}

	/**
	 * A stored result as {@code GetStatus} reads it.
	 *
	 * @param refundStatus the refund's status, or null when there was none
	 * @param voidStatus the void's status, or null when there was none
	 * @param cancelStatus the hand-over cancel's status, or null when there was none
	 */
	public record Stored(String status, String refundStatus, String voidStatus, String cancelStatus) {

		public Stored(String status, String refundStatus, String voidStatus) {
			this(status, refundStatus, voidStatus, null);
		}

		/** From {@code GetStatus}'s answer. */
		public static Stored of(JsonNode result) {
			return new Stored(result.path("status").asText(), result.path("refund").path("status").textValue(),
					result.path("void").path("status").textValue(), result.path("cancel").path("status").textValue());
		}

		/**
		 * Whether the customer's money stays with us: what the gateway should hold. A
		 * failed cancel keeps it, since the goods may have shipped.
		 */
		boolean moneyKept() {
			return "completed".equals(this.status) || "failed".equals(this.refundStatus)
					|| "failed".equals(this.voidStatus) || "failed".equals(this.cancelStatus);
		}

	}

	private SoakChecker() {
	}

	/**
	 * Money: no order charged twice; no charge without a stored final result; for every
	 * charged order, what the gateway holds (charges less voids less refunds) equals, to
	 * the cent, its total when its result keeps the money and 0 otherwise.
	 * @param totals every submitted order's total, by order id
	 * @param stored every stored result, by order id
	 */
	public static List<Violation> money(Collection<Charge> ledger, Collection<Refund> refunds,
			Map<String, BigDecimal> totals, Map<String, Stored> stored) {
		List<Violation> violations = new ArrayList<>();
		Map<String, List<Charge>> byOrder = ledger.stream()
			.collect(Collectors.groupingBy(Charge::orderId, TreeMap::new, Collectors.toList()));
		Map<String, List<Refund>> refundsByOrder = refunds.stream()
			.collect(Collectors.groupingBy(Refund::orderId, TreeMap::new, Collectors.toList()));
		byOrder.forEach((orderId, charges) -> {
			if (charges.size() > 1) {
				violations.add(new Violation(orderId, "charged more than once", "charges " + charges));
			}
			Stored result = stored.get(orderId);
			if (result == null || !FINAL.contains(result.status())) {
				violations.add(new Violation(orderId, "charged without a stored final result",
						"charges " + charges + ", stored " + result));
				return;
			}
			long held = charges.stream().filter((charge) -> !charge.voided()).mapToLong(Charge::cents).sum()
					- refundsByOrder.getOrDefault(orderId, List.of()).stream().mapToLong(Refund::cents).sum();
			BigDecimal total = totals.get(orderId);
			if (total == null) {
				violations.add(new Violation(orderId, "charged for an order nobody submitted", "charges " + charges));
				return;
			}
			long expected = result.moneyKept() ? total.movePointRight(2).longValueExact() : 0;
			if (held != expected) {
				violations
					.add(new Violation(orderId, "the gateway holds " + held + " cents, the result says " + expected,
							"stored " + result + ", total " + total + ", charges " + charges + ", refunds "
									+ refundsByOrder.getOrDefault(orderId, List.of())));
			}
		});
		return violations;
	}

	/**
	 * Goods: no order both shipped and refunded; every shipment that stands belongs to an
	 * order whose stored result keeps the money; every {@code completed} order has
	 * exactly one shipment that stands.
	 * @param shipments the warehouse's ledger, cancelled shipments included
	 * @param stored every stored result, by order id
	 */
	public static List<Violation> goods(Collection<Shipment> shipments, Collection<Refund> refunds,
			Map<String, Stored> stored) {
		List<Violation> violations = new ArrayList<>();
		Map<String, List<Shipment>> standing = shipments.stream()
			.filter((shipment) -> !shipment.cancelled())
			.collect(Collectors.groupingBy(Shipment::orderId, TreeMap::new, Collectors.toList()));
		Set<String> refunded = refunds.stream().map(Refund::orderId).collect(Collectors.toSet());
		standing.forEach((orderId, shipped) -> {
			Stored result = stored.get(orderId);
			if (refunded.contains(orderId)) {
				violations.add(new Violation(orderId, "shipped and refunded", "shipments " + shipped));
			}
			if (result == null || !result.moneyKept()) {
				violations.add(new Violation(orderId, "shipped, but the stored result gives the money back",
						"shipments " + shipped + ", stored " + result));
			}
		});
		new TreeMap<>(stored).forEach((orderId, result) -> {
			int shipped = standing.getOrDefault(orderId, List.of()).size();
			if ("completed".equals(result.status()) && shipped != 1) {
				violations.add(new Violation(orderId, "completed with " + shipped + " shipments, not one",
						"shipments " + standing.getOrDefault(orderId, List.of()) + ", stored " + result));
			}
		});
		return violations;
	}

	/**
	 * Answers: every order a caller got a final answer for has exactly that status
	 * stored, the last answer any caller got being the one that counts.
	 * @param lastAnswers the status of the last answer with a final status, by order id
	 */
	public static List<Violation> answers(Map<String, String> lastAnswers, Map<String, Stored> stored) {
		List<Violation> violations = new ArrayList<>();
		new TreeMap<>(lastAnswers).forEach((orderId, answered) -> {
			Stored result = stored.get(orderId);
			if (result == null) {
				violations.add(new Violation(orderId, "answered but nothing stored", "last answer " + answered));
			}
			else if (!result.status().equals(answered)) {
				violations.add(new Violation(orderId, "GetStatus differs from the last answer",
						"last answer " + answered + ", stored " + result));
			}
		});
		return violations;
	}

	/**
	 * Results: every order a caller was answered for with a valid body ends with exactly
	 * one stored final status.
	 * @param accepted orders answered 200 to a valid body
	 */
	public static List<Violation> stored(Collection<String> accepted, Map<String, Stored> stored) {
		List<Violation> violations = new ArrayList<>();
		new TreeSet<>(accepted).forEach((orderId) -> {
			Stored result = stored.get(orderId);
			if (result == null || !FINAL.contains(result.status()) || "validation_failed".equals(result.status())) {
				violations.add(new Violation(orderId, "accepted without a stored final status", "stored " + result));
			}
		});
		return violations;
	}

	/**
	 * Callers: every call is answered by the end of the drain; one still waiting lost its
	 * answer.
	 * @param waiting what each unanswered call is, e.g. its attempts, by "order call n"
	 */
	public static List<Violation> unanswered(Map<String, String> waiting) {
		List<Violation> violations = new ArrayList<>();
		new TreeMap<>(waiting).forEach((call, attempts) -> violations
			.add(new Violation(call, "never answered, however often asked", attempts)));
		return violations;
	}

	/**
	 * A {@code ProcessOrder} invocation as {@code sys_invocation} shows it.
	 *
	 * @param state its status, retries, last failure and times, as Restate reports them
	 */
	public record Invocation(String id, String orderId, String state) {

	}

	/** Drain: no {@code ProcessOrder} invocation is left unfinished. */
	public static List<Violation> unfinished(Collection<Invocation> unfinishedInvocations) {
		return unfinishedInvocations.stream()
			.sorted(Comparator.comparing(Invocation::id))
			.map((invocation) -> new Violation(invocation.orderId(), "unfinished after the drain",
					"invocation " + invocation.id() + " " + invocation.state()))
			.toList();
	}

	/**
	 * When Prometheus last scraped a replica successfully before it was killed at
	 * {@code killedAt}.
	 * @param up the replica's {@code up} samples as (epoch seconds, value)
	 * @param since epoch seconds from which outcomes were counted (the stream's start),
	 * the answer when no scrape before the kill succeeded
	 */
	public static double lastScraped(List<double[]> up, double killedAt, double since) {
		double lastScraped = since;
		for (double[] sample : up) {
			if (sample[1] == 1 && sample[0] <= killedAt && sample[0] > lastScraped) {
				lastScraped = sample[0];
			}
		}
		return lastScraped;
	}

	/**
	 * How long after a kill Restate may still append what the killed replica sent just
	 * before it: its partition processors lag on a starved machine.
	 */
	static final double APPEND_LAG_SECONDS = 2;

	/**
	 * What replicas killed at {@code killedAt} may take uncounted, from ground truth: an
	 * outcome is counted just before its result is written to state, so one the killed
	 * replicas counted after their last successful scrape has its write appended by
	 * Restate after that scrape and (shortly) after the kill at the latest; an outcome
	 * counted but never written is counted again by the replica that retries the order.
	 * Every write in that window counts, whichever replica made it, so the bound holds
	 * however fast a replica worked off a backlog. One more per killed replica: an
	 * outcome counted and scraped but not yet written is counted again by the retry.
	 * @param resultWrites when each order's result was written, epoch seconds, sorted
	 * @param lastScraped the earliest last successful scrape of the killed replicas
	 * @param replicas how many replicas the fault killed
	 */
	public static long lostAtKill(List<Double> resultWrites, double lastScraped, double killedAt, int replicas) {
		long written = resultWrites.stream()
			.filter((at) -> at > lastScraped && at <= killedAt + APPEND_LAG_SECONDS)
			.count();
		return written + replicas;
	}

	/**
	 * A counter's increase over the run, from one series' raw samples (epoch seconds,
	 * value) and the start time of the process that exposed each one: a new start time is
	 * a restart, whose counter began again at 0 — even when its first scraped value is
	 * already above the last one before the kill (a replica that worked off a backlog
	 * before its first scrape), which a drop-only reset check, such as Prometheus'
	 * {@code increase}, misses.
	 * @param startTimes {@code process_start_time_seconds} by sample time, of the same
	 * instance
	 */
	public static double increase(List<double[]> samples, NavigableMap<Double, Double> startTimes) {
		double increase = 0;
		double previous = 0;
		Double previousStart = null;
		for (double[] sample : samples) {
			Map.Entry<Double, Double> started = startTimes.floorEntry(sample[0]);
			Double start = (started != null) ? started.getValue() : previousStart;
			boolean restarted = previousStart != null && start != null && !start.equals(previousStart);
			increase += (restarted || sample[1] < previous) ? sample[1] : sample[1] - previous;
			previous = sample[1];
			previousStart = start;
		}
		return increase;
	}

	/**
	 * Telemetry: per status, what Prometheus counted against what the checker counted,
	 * within {@code tolerance} orders (the README says why a few may be missing: a
	 * replica killed between two scrapes takes its last increments with it).
	 * @param counted orders by final status, from the stored results
	 * @param reported the same from Prometheus, e.g. {@code increase(orders_total[…])}
	 * @param metric the metric's name, for the violation's message
	 */
	public static List<Violation> counts(String metric, Map<String, Long> counted, Map<String, Double> reported,
			long tolerance) {
		List<Violation> violations = new ArrayList<>();
		Set<String> statuses = new TreeSet<>(counted.keySet());
		statuses.addAll(reported.keySet());
		for (String status : statuses) {
			long expected = counted.getOrDefault(status, 0L);
			double actual = reported.getOrDefault(status, 0.0);
			if (Math.abs(actual - expected) > tolerance) {
				violations.add(new Violation("(all orders)",
						metric + "{status=\"" + status + "\"} is off by more than " + tolerance,
						"Prometheus " + actual + ", stored results " + expected));
			}
		}
		return violations;
	}

}
