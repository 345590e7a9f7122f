package dev.observableorders.soak;

import dev.observableorders.soak.FaultInjector.Injected;
import dev.observableorders.soak.FaultSchedule.Kind;
import dev.observableorders.soak.OrderStream.Call;
import dev.observableorders.soak.Soak.Result;
import dev.observableorders.soak.SoakChecker.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** docs/soak.md, written by the run: what it did, what the checker found. */
final class SoakReport {

	private SoakReport() {
	}

	static void write(Result result, Path output) {
		try {
			if (output.getParent() != null) {
				Files.createDirectories(output.getParent());
			}
			Files.writeString(output, text(result));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String text(Result result) {
		Soak.Options options = result.options();
		StringBuilder text = new StringBuilder();
		text.append("# Chaos soak\n\n");
		text.append(
				"Written by `tools/soak` (issue 18) on %s: %d s at %s orders/s, seed %d — `tools/soak --duration %ds --seed %d --rate %s --drain %ds` plans the same faults for the same moments. The run took %.1f min.\n\n"
					.formatted(LocalDate.now(), options.duration().toSeconds(), rate(options.rate()), options.seed(),
							options.duration().toSeconds(), options.seed(), rate(options.rate()),
							options.drain().toSeconds(), result.elapsed().toSeconds() / 60.0));
		text.append(result.violations().isEmpty() ? "**Verdict: passed — the checker found no violation.**\n\n"
				: "**Verdict: FAILED — %d violations** (listed at the end).\n\n".formatted(result.violations().size()));
		text.append("""
				What ran: 3 Restate nodes (replication 2), 2 service replicas behind HAProxy, Prometheus with the \
				project's rules and one-second scrapes, and — in the soak's JVM — the deduplicating stub payment \
				gateway with its ledger and the stub warehouse. Orders are sent open-loop through the balancer's \
				ingress whatever state the system is in; each caller asks again with the same idempotency key until \
				it is answered. The last %d s send nothing and inject nothing (the drain). How to run it and what \
				each rule means: [docs/operations.md](operations.md#the-chaos-soak).

				""".formatted(options.drain().toSeconds()));
		faults(result, text);
		orders(result, text);
		throughput(result, text);
		telemetry(result, text);
		alerts(result, text);
		verdict(result, text);
		return text.toString();
	}

	private static void faults(Result result, StringBuilder text) {
		text.append(
				"## Faults\n\n| at s | planned at s | fault | planned s | outage s | longest wait of a call meanwhile, s |\n|---:|---:|---|---:|---:|---:|\n");
		for (Injected fault : result.injected()) {
			text.append("| %.1f | %.1f | %s%s | %.1f | %.1f | %.1f |\n".formatted(fault.started() / 1e9,
					fault.fault().at().toMillis() / 1000.0, fault.fault().kind(),
					(fault.fault().target() > 0) ? " #" + fault.fault().target() : "",
					fault.fault().lasting().toMillis() / 1000.0, fault.outage().toMillis() / 1000.0,
					longestWait(result.calls(), fault) / 1e9));
		}
		text.append(("\nOutage: from the fault until what it hit answered again (a process: restarted and ready). "
				+ "A fault starts as planned or, when its lane is late (restarts take longer than the planned gaps), "
				+ "%d s after the previous one recovered. Planned but not played, since they could not end before "
				+ "the drain: %s.\n\n")
			.formatted(FaultInjector.GAP.toSeconds(), result.notPlayed().isEmpty() ? "none" : result.notPlayed().size()
					+ " ("
					+ result.notPlayed().stream().map((fault) -> fault.kind().name()).collect(Collectors.joining(", "))
					+ ")"));
		text.append(
				"Longest caller-visible stall by kind (the longest any call in flight during such a fault waited):\n\n| fault | times | longest stall s |\n|---|---:|---:|\n");
		for (Kind kind : Kind.values()) {
			List<Injected> ofKind = result.injected().stream().filter((fault) -> fault.fault().kind() == kind).toList();
			long longest = ofKind.stream().mapToLong((fault) -> longestWait(result.calls(), fault)).max().orElse(0);
			text.append("| %s | %d | %.1f |\n".formatted(kind, ofKind.size(), longest / 1e9));
		}
		text.append('\n');
	}

	/**
	 * The longest wait of the calls in flight at any moment of the fault's outage; a call
	 * never answered counts until the last answer of the run.
	 */
	static long longestWait(List<Call> calls, Injected fault) {
		long lastAnswer = calls.stream().filter(Call::answered).mapToLong((call) -> call.answeredAt).max().orElse(0);
		return calls.stream()
			.filter((call) -> call.sentAt <= fault.recovered()
					&& (!call.answered() || call.answeredAt >= fault.started()))
			.mapToLong((call) -> call.waitedNanos(lastAnswer))
			.max()
			.orElse(0);
	}

	private static void orders(Result result, StringBuilder text) {
		List<Call> calls = result.calls();
		Map<String, Long> byKind = calls.stream()
			.collect(Collectors.groupingBy((call) -> call.kind.name(), TreeMap::new, Collectors.counting()));
		Map<String, Long> byStatus = result.stored()
			.values()
			.stream()
			.collect(Collectors.groupingBy(SoakChecker.Stored::status, TreeMap::new, Collectors.counting()));
		long refunded = result.stored().values().stream().filter((s) -> "refunded".equals(s.refundStatus())).count();
		long refundRefused = result.stored().values().stream().filter((s) -> "failed".equals(s.refundStatus())).count();
		long voided = result.stored().values().stream().filter((s) -> "voided".equals(s.voidStatus())).count();
		Map<String, Long> cancels = result.stored()
			.values()
			.stream()
			.filter((s) -> s.cancelStatus() != null)
			.collect(Collectors.groupingBy(SoakChecker.Stored::cancelStatus, TreeMap::new, Collectors.counting()));
		long shipped = result.shipments().stream().filter((s) -> !s.cancelled()).count();
		text.append(
				"## Orders\n\n%d calls for %d orders; %d answered, %d asked more than once (%d retries in all), %d not sent because 2 000 callers were already waiting.\n\n"
					.formatted(calls.size(), result.stored().size(), calls.stream().filter(Call::answered).count(),
							calls.stream().filter((call) -> call.attempts.get() > 1).count(),
							calls.stream().mapToLong((call) -> call.attempts.get() - 1).sum(), result.skipped()));
		text.append("| call | count |\n|---|---:|\n");
		byKind.forEach((kind, count) -> text.append("| %s | %d |\n".formatted(kind, count)));
		text.append("\n| stored status (GetStatus after the drain) | orders |\n|---|---:|\n");
		byStatus.forEach((status, count) -> text.append("| %s | %d |\n".formatted(status, count)));
		text.append(
				"\nRefunded %d, refunds refused %d, charges voided %d. The warehouse shipped %d orders and had %d shipments cancelled; hand-overs without an answer settled by a cancel: %s.\n\n"
					.formatted(refunded, refundRefused, voided, shipped, result.shipments().size() - shipped,
							cancels.isEmpty() ? "none"
									: cancels.entrySet()
										.stream()
										.map((entry) -> entry.getValue() + " " + entry.getKey())
										.collect(Collectors.joining(", "))));
	}

	private static void throughput(Result result, StringBuilder text) {
		// about 60 rows however long the run
		long stepSeconds = Math.max(10, result.options().duration().toSeconds() / 60 / 10 * 10);
		text.append(("## Throughput\n\nAnswers per second in %d s steps; `#` marks faults under way.\n\n"
				+ "| from s | answers/s | | faults |\n|---:|---:|---|---|\n")
			.formatted(stepSeconds));
		long last = result.calls().stream().filter(Call::answered).mapToLong((call) -> call.answeredAt).max().orElse(0);
		long step = stepSeconds * 1_000_000_000L;
		for (long from = 0; from <= last; from += step) {
			long to = from + step;
			long f = from;
			long answered = result.calls()
				.stream()
				.filter((call) -> call.answered() && call.answeredAt >= f && call.answeredAt < to)
				.count();
			String faults = result.injected()
				.stream()
				.filter((fault) -> fault.started() < to && fault.recovered() >= f)
				.map((fault) -> fault.fault().kind()
						+ ((fault.fault().target() > 0) ? " #" + fault.fault().target() : ""))
				.distinct()
				.collect(Collectors.joining(", "));
			double rate = answered / (double) stepSeconds;
			text.append("| %d | %.1f | %s | %s |\n".formatted(from / 1_000_000_000L, rate,
					"█".repeat((int) Math.round(rate / Math.max(1, result.options().rate()) * 20)),
					faults.isEmpty() ? "" : "# " + faults));
		}
		text.append('\n');
	}

	private static void telemetry(Result result, StringBuilder text) {
		text.append(
				"## Telemetry\n\nWhat Prometheus counted (summed over both replicas and their restarts, from the raw samples) against what the checker counted from the stored results and the callers' answers; tolerance ±%d (see below).\n\n| metric | status | Prometheus | checker |\n|---|---|---:|---:|\n"
					.formatted(result.tolerance()));
		Map<String, Long> byOutcome = Soak.byOutcome(result.counted());
		result.reported().forEach((metric, values) -> {
			Map<String, Long> expected = metric.equals("orders_total") ? byOutcome : result.counted();
			new java.util.TreeSet<>(expected.keySet()).forEach((status) -> text.append("| %s | %s | %.0f | %d |\n"
				.formatted(metric, status, values.getOrDefault(status, 0.0), expected.get(status))));
		});
		text.append("""

				Tolerance: each replica killed (by a replica or whole-service fault) may take with it the outcomes \
				it counted since Prometheus last scraped it successfully. An outcome is counted just before its \
				result is written, so those are among the results Restate's journal shows written from that scrape \
				until 2 s after the kill (by any replica: a bound however fast a replica worked off a backlog), \
				plus one per killed replica (counted and scraped, not yet written, so counted again by the retry), \
				plus the callers never answered. A restarted replica's counters are read from 0 at its new \
				`process_start_time_seconds`, even when its first scrape is already higher than its last before \
				the kill. \
				`orders_active` at most 45 s after the drain: %s.

				""".formatted(Double.isNaN(result.activeAtEnd()) ? "unknown" : "%.0f".formatted(result.activeAtEnd())));
	}

	private static void alerts(Result result, StringBuilder text) {
		text.append(
				"## Alerts\n\nFrom Prometheus' `ALERTS` series: each fault's alert must be pending once the fault has lasted long enough for its expression to hold, and firing when it has also outlasted the rule's `for`.\n\n| fault at s | alert | outage s | pending after s | firing after s | |\n|---:|---|---:|---:|---:|---|\n");
		for (SoakAlerts.Outcome outcome : SoakAlerts.outcomes(result.injected(), result.alerts(), Soak.ALERT_SLACK)) {
			text.append("| %.1f | %s | %.1f | %s | %s | %s |\n".formatted(outcome.fault().started() / 1e9,
					outcome.expected().alert(), outcome.fault().outage().toMillis() / 1000.0,
					seconds(outcome.pendingAfterMs()), seconds(outcome.firingAfterMs()),
					!outcome.checked()
							? "too short to check (under %d s)".formatted(outcome.expected().detect().toSeconds())
							: outcome.met() ? "as expected" : "**missed**"));
		}
		text.append("\nEvery alert seen during the run: ");
		text.append(result.alerts().isEmpty() ? "none"
				: result.alerts()
					.entrySet()
					.stream()
					.map((entry) -> entry.getKey() + " ("
							+ entry.getValue()
								.stream()
								.map(Soak.AlertSeen::state)
								.distinct()
								.sorted()
								.collect(Collectors.joining(", "))
							+ ")")
					.collect(Collectors.joining(", ")));
		text.append(".\n\n");
	}

	private static String rate(double rate) {
		return (rate == Math.rint(rate)) ? String.valueOf((long) rate) : String.valueOf(rate);
	}

	private static String seconds(Long millis) {
		return (millis == null) ? "—" : "%.1f".formatted(millis / 1000.0);
	}

	private static void verdict(Result result, StringBuilder text) {
		text.append("""
				## The checker

				Rules over ground truth only (`soak/SoakChecker`, `soak/SoakAlerts`): every accepted order has one \
				stored final status and `GetStatus` equals the last answer any caller got; no order is charged \
				twice, no charge stands without a stored result, and what the gateway holds for each order is its \
				total when its result keeps the money and 0 otherwise, to the cent; no order is both shipped and \
				refunded, every shipment that stands belongs to an order whose result keeps the money, and every \
				`completed` order has exactly one; every caller is answered; no \
				`ProcessOrder` is unfinished after the drain; the counters agree within the tolerance and \
				`orders_active` ends at 0; the alerts above were raised.

				""");
		if (result.violations().isEmpty()) {
			text.append("Violations: none.\n");
		}
		else {
			text.append("Violations (%d):\n\n".formatted(result.violations().size()));
			for (Violation violation : result.violations()) {
				text.append("- `")
					.append(violation.orderId())
					.append("`: ")
					.append(violation.rule())
					.append(" — ")
					.append(violation.records())
					.append('\n');
			}
			text.append("""

					What the orders named above went through (the first 20): every call sent for them and every \
					invocation Restate holds for them (`sys_invocation`, after the drain).

					""");
			result.evidence().forEach((orderId, lines) -> {
				text.append("- `").append(orderId).append("`\n");
				lines.forEach((line) -> text.append("  - ").append(line).append('\n'));
			});
		}
	}

}
