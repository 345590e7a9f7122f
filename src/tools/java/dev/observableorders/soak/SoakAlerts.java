package dev.observableorders.soak;

import dev.observableorders.soak.FaultInjector.Injected;
import dev.observableorders.soak.FaultSchedule.Kind;
import dev.observableorders.soak.Soak.AlertSeen;
import dev.observableorders.soak.SoakChecker.Stored;
import dev.observableorders.soak.SoakChecker.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which alert each fault must raise (config/prometheus/rules/orders.rules.yml), read from
 * Prometheus' {@code ALERTS} series: pending once the fault has lasted long enough to be
 * seen, firing once it has also outlasted the rule's {@code for}.
 */
final class SoakAlerts {

	/**
	 * @param detect how long the fault must last before the rule's expression can hold: a
	 * missed one-second scrape for {@code up}; Restate's failure detector for a dead
	 * node; the 15 s refresh of {@code orders_retrying} and a failed retry
	 * @param forClause the rule's {@code for}
	 */
	record Expectation(String alert, Duration detect, Duration forClause) {

	}

	static final Map<Kind, List<Expectation>> EXPECTED = Map.of(Kind.RESTATE_NODE,
			List.of(new Expectation("RestateDown", Duration.ofSeconds(5), Duration.ofMinutes(1)),
					new Expectation("RestateNodeDead", Duration.ofSeconds(5), Duration.ofMinutes(1))),
			Kind.REPLICA,
			List.of(new Expectation("OrderServiceInstanceDown", Duration.ofSeconds(5), Duration.ofMinutes(1))),
			Kind.WHOLE_SERVICE,
			List.of(new Expectation("OrderServiceDown", Duration.ofSeconds(5), Duration.ofMinutes(2))),
			Kind.GATEWAY_OUTAGE,
			List.of(new Expectation("OrdersStuckInRetry", Duration.ofSeconds(35), Duration.ofMinutes(15))));

	/** What one expectation met for one fault. */
	record Outcome(Injected fault, Expectation expected, boolean checked, Long pendingAfterMs, Long firingAfterMs) {

		boolean mustFire() {
			return this.fault.outage().compareTo(this.expected.forClause().plus(this.expected.detect())) >= 0;
		}

		boolean met() {
			return !this.checked || (this.pendingAfterMs != null && (!mustFire() || this.firingAfterMs != null));
		}

	}

	private SoakAlerts() {
	}

	/** Every fault's expected alerts, checked or too short to check. */
	static List<Outcome> outcomes(List<Injected> injected, Map<String, List<AlertSeen>> alerts, Duration slack) {
		List<Outcome> outcomes = new ArrayList<>();
		for (Injected fault : injected) {
			for (Expectation expected : EXPECTED.getOrDefault(fault.fault().kind(), List.of())) {
				boolean checked = fault.outage().compareTo(expected.detect()) >= 0;
				Long pending = null;
				Long firing = null;
				for (AlertSeen seen : alerts.getOrDefault(expected.alert(), List.of())) {
					if (seen.atNanos() >= fault.started() && seen.atNanos() <= fault.recovered() + slack.toNanos()) {
						long after = (seen.atNanos() - fault.started()) / 1_000_000;
						pending = (pending == null) ? after : pending;
						if ("firing".equals(seen.state()) && firing == null) {
							firing = after;
						}
					}
				}
				outcomes.add(new Outcome(fault, expected, checked, pending, firing));
			}
		}
		return outcomes;
	}

	/**
	 * Alerts that should have been raised and were not; and {@code OrderRefundFailed},
	 * which must fire when any stored result records a refused refund.
	 */
	static List<Violation> check(List<Injected> injected, Map<String, List<AlertSeen>> alerts,
			Map<String, Stored> stored, Duration slack) {
		List<Violation> violations = new ArrayList<>();
		for (Outcome outcome : outcomes(injected, alerts, slack)) {
			if (!outcome.met()) {
				violations.add(new Violation(
						"(" + outcome.fault().fault().kind() + " at " + outcome.fault().started() / 1_000_000_000
								+ " s)",
						outcome.expected().alert() + " was never "
								+ (outcome.pendingAfterMs() == null ? "raised" : "fired"),
						"outage " + outcome.fault().outage().toMillis() / 1000.0 + " s; rule for "
								+ outcome.expected().forClause().toSeconds() + " s"));
			}
		}
		long refused = stored.values().stream().filter((result) -> "failed".equals(result.refundStatus())).count();
		boolean refundAlert = alerts.getOrDefault("OrderRefundFailed", List.of())
			.stream()
			.anyMatch((seen) -> "firing".equals(seen.state()));
		if (refused > 0 && !refundAlert) {
			violations.add(new Violation("(all orders)", "OrderRefundFailed never fired",
					refused + " stored results record a refused refund"));
		}
		return violations;
	}

}
