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

/**
 * The soak's report (docs/soak.md with --write-docs): what it did, what the checker
 * found.
 */
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
				"`tools/soak --duration %ds --seed %d --rate %s --drain %ds` on %s, %.1f min; the same seed plays the same faults at the same moments.\n\n"
					.formatted(options.duration().toSeconds(), options.seed(), rate(options.rate()),
							options.drain().toSeconds(), LocalDate.now(), result.elapsed().toSeconds() / 60.0));
		text.append(result.violations().isEmpty() ? "**Verdict: passed — the checker found no violation.**\n\n"
				: "**Verdict: FAILED — %d violations** (listed at the end).\n\n".formatted(result.violations().size()));
		text.append("""
				3 Restate nodes (replication 2), 2 service replicas behind HAProxy, Prometheus with the project's \
				rules (1 s scrapes); the stub gateway and warehouse run in the soak's JVM. Orders go open-loop \
				through the balancer whatever state the system is in; each caller asks again under the same key \
				until answered. The last %d s inject and send nothing. The rules and how to run it: \
				[operations.md](operations.md#the-chaos-soak).

				""".formatted(options.drain().toSeconds()));
		faults(result, text);
		orders(result, text);
		throughput(result, text);
		telemetry(result, text);
		verdict(result, text);
		return text.toString();
	}

	private static void faults(Result result, StringBuilder text) {
		Map<Injected, List<SoakAlerts.Outcome>> alerts = SoakAlerts
			.outcomes(result.injected(), result.alerts(), Soak.ALERT_SLACK)
			.stream()
			.collect(Collectors.groupingBy(SoakAlerts.Outcome::fault));
		text.append("""
				## Faults and the alerts they raised

				Outage: until what was hit answered again (a process: restarted and ready). Longest wait: of any \
				call in flight meanwhile. Alerts: seconds after the fault until pending / firing.

				| at s | fault | outage s | longest wait s | alerts |
				|---:|---|---:|---:|---|
				""");
		for (Injected fault : result.injected()) {
			text.append("| %.1f | %s | %.1f | %.1f | %s |\n".formatted(fault.started() / 1e9, name(fault),
					fault.outage().toMillis() / 1000.0, longestWait(result.calls(), fault) / 1e9,
					alerts.getOrDefault(fault, List.of())
						.stream()
						.map(SoakReport::alert)
						.collect(Collectors.joining(", "))));
		}
		text.append(("\nA fault starts as planned or, when its lane is late, %d s after the previous one recovered. "
				+ "Not played (they could not end before the drain): %s. Every alert seen during the run: %s.\n\n")
			.formatted(FaultInjector.GAP.toSeconds(),
					result.notPlayed().isEmpty() ? "none"
							: counts(result.notPlayed()
								.stream()
								.collect(Collectors.groupingBy((fault) -> fault.kind().name(), TreeMap::new,
										Collectors.counting()))),
					result.alerts().isEmpty() ? "none"
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
								.collect(Collectors.joining(", "))));
		text.append("Longest caller-visible stall by kind: ");
		StringBuilder stalls = new StringBuilder();
		for (Kind kind : Kind.values()) {
			List<Injected> ofKind = result.injected().stream().filter((fault) -> fault.fault().kind() == kind).toList();
			if (ofKind.isEmpty()) {
				continue;
			}
			long longest = ofKind.stream().mapToLong((fault) -> longestWait(result.calls(), fault)).max().orElse(0);
			stalls.append((stalls.length() > 0) ? ", " : "")
				.append("%s %.1f s (%d×)".formatted(kind, longest / 1e9, ofKind.size()));
		}
		text.append(stalls).append(".\n\n");
	}

	private static String name(Injected fault) {
		return fault.fault().kind() + ((fault.fault().target() > 0) ? " #" + fault.fault().target() : "");
	}

	private static String alert(SoakAlerts.Outcome outcome) {
		String times = seconds(outcome.pendingAfterMs()) + " / " + seconds(outcome.firingAfterMs());
		String verdict = !outcome.checked()
				? " (too short to check: under %d s)".formatted(outcome.expected().detect().toSeconds())
				: outcome.met() ? "" : " **missed**";
		return outcome.expected().alert() + " " + times + verdict;
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
		text.append("- calls: ").append(counts(byKind)).append('\n');
		text.append("- stored status (GetStatus after the drain): ").append(counts(byStatus)).append('\n');
		text.append(
				"- refunded %d, refunds refused %d, charges voided %d; the warehouse shipped %d and had %d shipments cancelled; hand-overs without an answer settled by a cancel: %s\n\n"
					.formatted(refunded, refundRefused, voided, shipped, result.shipments().size() - shipped,
							cancels.isEmpty() ? "none" : counts(cancels)));
	}

	private static String counts(Map<String, Long> counts) {
		return counts.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + " " + entry.getValue())
			.collect(Collectors.joining(", "));
	}

	private static void throughput(Result result, StringBuilder text) {
		// about 30 rows however long the run
		long stepSeconds = Math.max(10, result.options().duration().toSeconds() / 30 / 10 * 10);
		text.append(
				("## Throughput\n\nAnswers per second in %d s steps (`==========` is the offered rate) and the faults under way.\n\n"
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
				.map(SoakReport::name)
				.distinct()
				.collect(Collectors.joining(", "));
			double rate = answered / (double) stepSeconds;
			text.append("| %d | %.1f | %s | %s |\n".formatted(from / 1_000_000_000L, rate,
					"=".repeat((int) Math.round(rate / Math.max(1, result.options().rate()) * 10)), faults));
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

				Tolerance: a killed replica takes with it what it counted since its last scrape; the bound is \
				the results Restate's journal shows written from that scrape until 2 s after the kill, plus one \
				per kill, plus callers never answered (`soak/Soak`). `orders_active` at most 45 s after the \
				drain: %s.

				""".formatted(Double.isNaN(result.activeAtEnd()) ? "unknown" : "%.0f".formatted(result.activeAtEnd())));
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

				Rules over ground truth only (`soak/SoakChecker`, `soak/SoakAlerts`; each explained in \
				[operations.md](operations.md#the-chaos-soak)): one stored final status per accepted order, equal \
				to the last answer; money and goods to the cent and the parcel at the gateway and the warehouse; \
				every caller answered; nothing unfinished after the drain; counters within the tolerance; the \
				alerts above raised.

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
