package dev.observableorders.soak;

import dev.observableorders.support.ToolCommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.observableorders.soak.FaultInjector.Injected;
import dev.observableorders.soak.FaultSchedule.Fault;
import dev.observableorders.soak.OrderStream.Call;
import dev.observableorders.soak.SoakChecker.Stored;
import dev.observableorders.soak.SoakChecker.Violation;
import dev.observableorders.support.Ingress;
import dev.observableorders.support.OrdersCluster;
import dev.observableorders.support.PrometheusServer;
import dev.observableorders.support.RestateAdmin;
import dev.observableorders.support.ServiceProcess;
import dev.observableorders.support.StubPaymentGateway;
import dev.observableorders.support.StubWarehouse;
import dev.observableorders.support.StubWarehouse.Shipment;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The chaos soak (issue 18, docs/soak.md): the local cluster — 3 Restate nodes, 2 service
 * replicas behind HAProxy, Prometheus with the project's rules — with the stub payment
 * gateway and warehouse, an open-loop stream of orders, and faults from a seeded
 * schedule; then the independent checker over ground truth. {@code tools/soak --duration
 * 10m --seed 42}. Exit status: 0 no violation, 1 violations (each printed), 2 bad
 * options.
 */
public final class Soak {

	/**
	 * Restate's failure detector and Prometheus' one-second rules need this to see a
	 * fault.
	 */
	static final Duration ALERT_SLACK = Duration.ofSeconds(90);

	/**
	 * @param rate orders a second, sent whatever the system's state
	 * @param drain the end of the run: no new orders and no faults, for the callers to be
	 * answered and the cluster to settle
	 */
	record Options(Duration duration, long seed, double rate, Duration drain, Path output) {

		FaultSchedule.Timing timing() {
			return (this.duration.compareTo(Duration.ofMinutes(10)) >= 0) ? FaultSchedule.Timing.LONG
					: FaultSchedule.Timing.SHORT;
		}

		static Options parse(String... args) {
			Cli cli = ToolCommandLine.parse(new Cli(), args);
			if (cli.rate <= 0 || cli.rate > 200) {
				throw new IllegalArgumentException("--rate is orders a second, 0 to 200; got " + cli.rate);
			}
			Duration drain = (cli.drain != null) ? cli.drain : (cli.duration.compareTo(Duration.ofMinutes(10)) >= 0)
					? Duration.ofMinutes(3) : Duration.ofSeconds(60);
			return new Options(cli.duration, cli.seed, cli.rate, drain, cli.report.output("soak.md"));
		}

	}

	/** The options as declared: picocli parses them, {@code --help} prints them. */
	@Command(name = "tools/soak",
			description = "The chaos soak: the local cluster, an open-loop stream of orders, seeded faults, then the checker.",
			footer = { "", "Exit status: 0 no violation, 1 violations (each printed), 2 bad options." })
	static final class Cli {

		@Option(names = "--duration", paramLabel = "D",
				description = "how long orders are sent, drain included (default 10m)")
		Duration duration = Duration.ofMinutes(10);

		@Option(names = "--seed", paramLabel = "N",
				description = "the fault schedule's seed (default: random, printed)")
		long seed = System.nanoTime() % 100_000;

		// what this 2-core machine carries with room to catch up after a two-minute
		// outage
		@Option(names = "--rate", paramLabel = "R", description = "orders a second (default ${DEFAULT-VALUE})")
		double rate = 10;

		@Option(names = "--drain", paramLabel = "D",
				description = "the end without new orders or faults (default 60s below 10m, 3m from 10m)")
		Duration drain;

		@Mixin
		ToolCommandLine.Report report;

		@Mixin
		ToolCommandLine.Help help;

	}

	/** Everything the run saw, for the checker's verdict and the report. */
	record Result(Options options, List<Fault> schedule, List<Injected> injected, List<Fault> notPlayed,
			List<Call> calls, long skipped, Map<String, Stored> stored, Collection<Shipment> shipments,
			Map<String, Long> counted, Map<String, Map<String, Double>> reported, long tolerance,
			Map<String, List<AlertSeen>> alerts, double activeAtEnd, List<Violation> violations,
			Map<String, List<String>> evidence, Duration elapsed) {

	}

	/** An alert Prometheus held, pending or firing, at one evaluation. */
	record AlertSeen(String state, long atNanos) {

	}

	private Soak() {
	}

	public static void main(String[] args) throws Exception {
		Options options = ToolCommandLine.optionsOrExit("soak", new Cli(), args, (given) -> {
			Options parsed = Options.parse(given);
			// a schedule that cannot be drawn (too short a run for its faults) is a bad
			// option too
			FaultSchedule.draw(parsed.seed(), parsed.duration(), parsed.drain(), 3, 2, parsed.timing());
			return parsed;
		});
		if (options == null) {
			return;
		}
		Result result = run(options, System.out);
		System.exit(result.violations().isEmpty() ? 0 : 1);
	}

	/** Runs the soak, writes the report, prints progress and the verdict. */
	static Result run(Options options, PrintStream out) throws InterruptedException {
		long began = System.nanoTime();
		Consumer<String> progress = (line) -> out.printf("[%6.1f s] %s%n", (System.nanoTime() - began) / 1e9, line);
		List<Fault> schedule = FaultSchedule.draw(options.seed(), options.duration(), options.drain(), 3, 2,
				options.timing());
		out.printf("Soak: %d s at %.0f orders/s, seed %d, %d faults (%s timing), the last %d s without any:%n",
				options.duration().toSeconds(), options.rate(), options.seed(), schedule.size(),
				(options.timing() == FaultSchedule.Timing.LONG) ? "long" : "short", options.drain().toSeconds());
		schedule.forEach((fault) -> out.println("  " + fault));
		try (StubPaymentGateway gateway = new StubPaymentGateway(); StubWarehouse warehouse = new StubWarehouse()) {
			warehouse.refuse(OrderStream.UNSHIPPABLE);
			List<String> settings = List.of("--payment.gateway.url=" + gateway.url(),
					"--fulfillment.warehouse.url=" + warehouse.url(),
					"--fulfillment.warehouse.timeout=" + FaultInjector.WAREHOUSE_TIMEOUT.toMillis() + "ms",
					// refunds and voids wait at most 5 s between attempts, so that the
					// drain sees them through
					"--orders.refund-max-delay=5s");
			try (OrdersCluster cluster = OrdersCluster.start(OrdersCluster.Layout.free(), true, settings, progress);
					PrometheusServer prometheus = PrometheusServer.startScraping(PrometheusServer.CLUSTER_CONFIG,
							cluster.prometheusTargets())) {
				Result result = soak(options, schedule, cluster, prometheus, gateway, warehouse, progress, out, began);
				if (!result.violations().isEmpty()) {
					out.println("The cluster's data and logs (Restate nodes, replicas, HAProxy) are kept in "
							+ cluster.keepFiles());
				}
				return result;
			}
		}
	}

	/** What the stream and the faults left behind, for the checker. */
	private record Streamed(Instant started, List<Injected> injected, List<Fault> notPlayed, List<Call> calls,
			long skipped, List<String> unrecovered) {

	}

	private static Result soak(Options options, List<Fault> schedule, OrdersCluster cluster,
			PrometheusServer prometheus, StubPaymentGateway gateway, StubWarehouse warehouse, Consumer<String> progress,
			PrintStream out, long began) throws InterruptedException {
		// outcomes count from the stream's start: Prometheus must hold every replica
		// before the first order (it starts scraping up to an interval after it starts,
		// later on a starved machine), or a replica killed early takes all it counted
		progress.accept("waiting for Prometheus' first scrape of every replica");
		await("Prometheus scraping every replica").atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> single(prometheus, "count(up{job=\"order-service\"} == 1)"),
					(scraped) -> scraped == cluster.replicas().size());
		Streamed streamed = streamWithFaults(options, schedule, cluster, gateway, warehouse, progress);
		List<Injected> injected = streamed.injected();
		List<Call> calls = streamed.calls();
		Instant streamStarted = streamed.started();

		progress.accept("reading ground truth: Restate's unfinished invocations, GetStatus of every order,"
				+ " the gateway's ledger, Prometheus");
		RestateAdmin admin = new RestateAdmin(cluster.loadBalancer().adminUrl());
		List<Violation> unreadable = new ArrayList<>();
		streamed.unrecovered()
			.forEach((fault) -> unreadable.add(new Violation("(cluster)", "did not come back after a fault", fault)));
		List<SoakChecker.Invocation> unfinished = new ArrayList<>();
		try {
			// the admin API answers through the balancer, which may still count a node
			// out
			JsonNode rows = await("Restate's admin API").atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofSeconds(2))
				.ignoreExceptions()
				.until(() -> admin.query("SELECT * FROM sys_invocation WHERE target_service_name = 'OrderService'"
						+ " AND target_handler_name = 'ProcessOrder' AND status <> 'completed'"), (answer) -> true);
			rows.forEach((row) -> unfinished.add(new SoakChecker.Invocation(row.path("id").asText(),
					row.path("target_service_key").asText(), describe(row))));
		}
		catch (ConditionTimeoutException ex) {
			unreadable.add(new Violation("(all orders)", "Restate's admin API did not answer for 2 minutes",
					"sys_invocation could not be read"));
		}
		Map<String, Stored> stored = readStatuses(new Ingress(cluster.loadBalancer().ingressUrl()), calls);

		// outcomes each counted once: the accepted orders by stored status, and every
		// call that failed validation (each is stored, and counted, again)
		Map<String, Long> counted = new TreeMap<>();
		stored.values()
			.stream()
			.filter((result) -> SoakChecker.FINAL.contains(result.status()))
			.forEach((result) -> counted.merge(result.status(), 1L, Long::sum));
		counted.put("validation_failed",
				calls.stream().filter((call) -> "validation_failed".equals(call.status)).count());
		long unanswered = calls.stream().filter((call) -> !call.answered()).count();
		long window = Duration.between(streamStarted, Instant.now()).toSeconds() + 30;
		// a killed replica takes with it the outcomes it counted since its last
		// successful scrape: at most the results written from then until just after the
		// kill, by Restate's journal
		List<Double> resultWrites = resultWrites(admin, unreadable);
		long outcomes = counted.values().stream().mapToLong(Long::longValue).sum();
		progress.accept(
				"Restate's journal: " + resultWrites.size() + " results written for " + outcomes + " outcomes stored");
		if (resultWrites.size() < outcomes) {
			// every counted outcome wrote its result once: fewer writes would leave the
			// bound on a kill's losses short
			unreadable.add(new Violation("(all orders)", "Restate's journal shows fewer result writes than outcomes",
					resultWrites.size() + " writes of result, " + outcomes + " outcomes stored"));
		}
		long tolerance = lostAtKills(prometheus, cluster, injected, streamStarted, resultWrites, window) + unanswered;
		// the last outcomes reach Prometheus at its next scrape, orders_active at the
		// next refresh (15 s) and scrape
		double activeAtEnd = awaitActiveZero(prometheus);
		Map<String, Map<String, Double>> reported = new TreeMap<>();
		reported.put("order_outcomes_total", increases(prometheus, "order_outcomes_total", window));
		reported.put("orders_total", increases(prometheus, "orders_total", window));
		Map<String, List<AlertSeen>> alerts = alerts(prometheus, window, streamStarted);

		List<Violation> violations = new ArrayList<>();
		violations.addAll(unreadable);
		violations.addAll(SoakChecker.money(gateway.ledger(), gateway.refunds(), totals(calls), stored));
		violations.addAll(SoakChecker.goods(warehouse.ledger(), gateway.refunds(), stored));
		violations.addAll(SoakChecker.answers(lastAnswers(calls), stored));
		violations.addAll(SoakChecker.stored(acceptedOrders(calls), stored));
		violations.addAll(SoakChecker.unanswered(calls.stream()
			.filter((call) -> !call.answered())
			.collect(Collectors.toMap((call) -> call.orderId + " call " + call.number,
					(call) -> call.attempts.get() + " attempts", (a, b) -> a, TreeMap::new))));
		violations.addAll(SoakChecker.unfinished(unfinished));
		violations.addAll(
				SoakChecker.counts("order_outcomes_total", counted, reported.get("order_outcomes_total"), tolerance));
		violations
			.addAll(SoakChecker.counts("orders_total", byOutcome(counted), reported.get("orders_total"), tolerance));
		if (!(activeAtEnd == 0)) {
			violations.add(new Violation("(all orders)", "orders_active does not end at 0",
					"max(orders_active) = " + activeAtEnd + " 45 s after the drain"));
		}
		violations.addAll(SoakAlerts.check(injected, alerts, stored, ALERT_SLACK));

		Result result = new Result(options, schedule, injected, streamed.notPlayed(), calls, streamed.skipped(), stored,
				warehouse.ledger(), counted, reported, tolerance, alerts, activeAtEnd, violations,
				evidence(violations, calls, admin), Duration.ofNanos(System.nanoTime() - began));
		SoakReport.write(result, options.output());
		progress.accept("report written to " + options.output());
		if (violations.isEmpty()) {
			out.printf("Soak passed: %d calls for %d orders, %d faults, 0 violations (seed %d)%n", calls.size(),
					stored.size(), injected.size(), options.seed());
		}
		else {
			out.printf("Soak FAILED: %d violations (seed %d):%n", violations.size(), options.seed());
			violations.forEach((violation) -> out.println("  " + violation));
		}
		return result;
	}

	/**
	 * Sends orders and plays the faults for the run less its drain, then waits through
	 * the drain until every caller is answered (or the run's time is up), with a line of
	 * progress every 5 s.
	 */
	private static Streamed streamWithFaults(Options options, List<Fault> schedule, OrdersCluster cluster,
			StubPaymentGateway gateway, StubWarehouse warehouse, Consumer<String> progress)
			throws InterruptedException {
		Duration streaming = options.duration().minus(options.drain());
		progress.accept("streaming orders for " + streaming.toSeconds() + " s; faults as scheduled");
		Instant started = Instant.now();
		try (OrderStream stream = new OrderStream(cluster.loadBalancer().ingressUrl(), options.rate(),
				options.duration().minusSeconds(1), options.seed(), 2000);
				FaultInjector faults = new FaultInjector(cluster, gateway, warehouse, stream::nanosSinceStart,
						progress)) {
			stream.start();
			faults.play(schedule, streaming.toNanos());
			long end = options.duration().toNanos();
			boolean stopped = false;
			while (stream.nanosSinceStart() < end) {
				Thread.sleep(Math.min(5_000, Math.max(1, (end - stream.nanosSinceStart()) / 1_000_000)));
				if (!stopped && stream.nanosSinceStart() >= streaming.toNanos()) {
					stream.stop();
					stopped = true;
					progress.accept("drain: no more orders; " + stream.waiting() + " callers still waiting");
				}
				List<Call> sofar = stream.calls();
				long answered = sofar.stream().filter(Call::answered).count();
				progress.accept("sent %d  answered %d  waiting %d  retried %d  skipped %d  faults now: %s".formatted(
						sofar.size(), answered, sofar.size() - answered, stream.retries(), stream.skipped(),
						faults.active().isEmpty() ? "none" : String.join(", ", faults.active())));
				if (stopped && stream.waiting() == 0) {
					break;
				}
			}
			stream.stop();
			faults.awaitDone();
			return new Streamed(started, faults.injected(), faults.skipped(), stream.calls(), stream.skipped(),
					faults.unrecovered());
		}
	}

	/**
	 * {@code orders_total}'s two labels from the stored statuses: {@code success} is
	 * {@code completed}, every other status {@code failed}.
	 */
	static Map<String, Long> byOutcome(Map<String, Long> counted) {
		Map<String, Long> byOutcome = new TreeMap<>();
		byOutcome.put("success", counted.getOrDefault("completed", 0L));
		byOutcome.put("failed",
				counted.entrySet()
					.stream()
					.filter((entry) -> !entry.getKey().equals("completed"))
					.mapToLong(Map.Entry::getValue)
					.sum());
		return byOutcome;
	}

	/**
	 * What {@code sys_invocation} says of an invocation, the columns that explain a
	 * stall.
	 */
	private static final List<String> INVOCATION_COLUMNS = List.of("status", "idempotency_key", "created_at",
			"modified_at", "inboxed_at", "running_at", "completed_at", "retry_count", "last_start_at", "next_retry_at",
			"last_attempt_server", "last_failure", "last_failure_related_entry_name", "journal_size",
			"completion_result");

	private static String describe(JsonNode row) {
		return INVOCATION_COLUMNS.stream()
			.filter((column) -> row.hasNonNull(column) && !row.path(column).asText().isEmpty())
			.map((column) -> column + "=" + row.path(column).asText())
			.collect(Collectors.joining(", ", "(", ")"));
	}

	/**
	 * For the first orders a violation names: every call sent for them and every
	 * {@code ProcessOrder} invocation Restate holds for them, so that a failed run can be
	 * understood from its report alone.
	 */
	private static Map<String, List<String>> evidence(List<Violation> violations, List<Call> calls,
			RestateAdmin admin) {
		Map<String, List<String>> evidence = new TreeMap<>();
		violations.stream()
			.map((violation) -> violation.orderId().split(" ")[0])
			.filter((orderId) -> orderId.matches("soak-[0-9]+"))
			.distinct()
			.limit(20)
			.forEach((orderId) -> {
				List<String> lines = new ArrayList<>();
				calls.stream()
					.filter((call) -> call.orderId.equals(orderId))
					.forEach((call) -> lines.add("call %d %s (key %s/%d): sent at %.1f s, %s, %d attempts".formatted(
							call.number, call.kind, orderId, call.number, call.sentAt / 1e9,
							call.answered()
									? "answered %d %s at %.1f s".formatted(call.httpStatus, call.status,
											call.answeredAt / 1e9)
									: "never answered (last HTTP status " + call.httpStatus + ")",
							call.attempts.get())));
				try {
					admin
						.query("SELECT * FROM sys_invocation WHERE target_service_name = 'OrderService'"
								+ " AND target_service_key = '" + orderId + "' ORDER BY created_at")
						.forEach((row) -> lines.add("invocation " + row.path("id").asText() + " "
								+ row.path("target_handler_name").asText() + " " + describe(row)));
				}
				catch (RuntimeException ex) {
					lines.add("sys_invocation could not be read: " + ex.getMessage());
				}
				evidence.put(orderId, lines);
			});
		return evidence;
	}

	/** The status recorded for an order whose GetStatus never answered 200. */
	static final String UNREADABLE = "GetStatus did not answer";

	/** GetStatus of every order sent, 16 at a time; at most 5 minutes in all. */
	private static Map<String, Stored> readStatuses(Ingress ingress, List<Call> calls) throws InterruptedException {
		Map<String, Stored> stored = new ConcurrentHashMap<>();
		ExecutorService pool = Executors.newFixedThreadPool(16);
		List<String> orderIds = calls.stream().map((call) -> call.orderId).distinct().toList();
		orderIds.forEach((orderId) -> pool.execute(() -> {
			try {
				JsonNode result = getStatus(ingress, orderId);
				stored.put(orderId, Stored.of(result));
			}
			catch (RuntimeException ex) {
				// an order whose partition does not answer: every rule on it fails
				stored.put(orderId, new Stored(UNREADABLE, null, null));
			}
		}));
		pool.shutdown();
		if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
			pool.shutdownNow();
			orderIds.forEach((orderId) -> stored.putIfAbsent(orderId, new Stored(UNREADABLE, null, null)));
		}
		return new TreeMap<>(stored);
	}

	/** GetStatus, asked again after an answer that is not the order's (up to 5 times). */
	private static JsonNode getStatus(Ingress ingress, String orderId) {
		RuntimeException last = null;
		for (int attempt = 0; attempt < 5; attempt++) {
			try {
				Ingress.Reply reply = ingress.getStatus(orderId);
				if (reply.status() == 200) {
					return reply.json();
				}
				last = new IllegalStateException("GetStatus of " + orderId + " answered " + reply.status());
			}
			catch (RuntimeException ex) {
				last = ex;
			}
		}
		throw last;
	}

	/** The total of each order's first valid body: the one it was accepted with. */
	static Map<String, BigDecimal> totals(List<Call> calls) {
		Map<String, BigDecimal> totals = new HashMap<>();
		calls.stream()
			.sorted(Comparator.comparingLong((Call call) -> call.number))
			.filter((call) -> call.total != null && call.kind != OrderStream.Kind.CHANGED_BODY)
			.forEach((call) -> totals.putIfAbsent(call.orderId, call.total));
		return totals;
	}

	/** The status of the last answer any caller got, by order. */
	static Map<String, String> lastAnswers(List<Call> calls) {
		Map<String, String> last = new HashMap<>();
		calls.stream()
			.filter((call) -> call.answered() && call.status != null)
			.sorted(Comparator.comparingLong((Call call) -> call.answeredAt))
			.forEach((call) -> last.put(call.orderId, call.status));
		return last;
	}

	/** Orders a caller was answered a result for after sending a valid body. */
	static List<String> acceptedOrders(List<Call> calls) {
		return calls.stream()
			.filter((call) -> call.total != null && call.kind != OrderStream.Kind.CHANGED_BODY && call.answered()
					&& call.httpStatus == 200)
			.map((call) -> call.orderId)
			.distinct()
			.sorted()
			.toList();
	}

	/**
	 * Until every replica reports orders_active 0 (it is re-read every 15 s, then
	 * scraped), at most 45 s, and then until Prometheus has scraped every replica once
	 * more, so that the last outcome counts are in.
	 * @return the last value seen: 0, or what it was stuck at
	 */
	private static double awaitActiveZero(PrometheusServer prometheus) {
		AtomicReference<Double> active = new AtomicReference<>(Double.NaN);
		try {
			await("orders_active 0 on every replica").atMost(Duration.ofSeconds(45))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> {
					active.set(single(prometheus, "max(orders_active{job=\"order-service\"})"));
					return active.get() == 0;
				});
		}
		catch (ConditionTimeoutException ex) {
			return active.get();
		}
		double zeroAt = System.currentTimeMillis() / 1000.0;
		await("a scrape of every replica after orders_active reached 0").atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> single(prometheus, "min(timestamp(up{job=\"order-service\"}))") > zeroAt);
		return 0;
	}

	/** The value of a query with one series, NaN with none. */
	private static double single(PrometheusServer prometheus, String promql) {
		JsonNode result = prometheus.query(promql);
		return result.isEmpty() ? Double.NaN : result.get(0).path("value").get(1).asDouble();
	}

	/**
	 * When each order's result was written to state (its {@code SetState} of
	 * {@code result} appended to the journal), sorted, in epoch seconds; empty, with a
	 * violation, when Restate's journal cannot be read.
	 */
	private static List<Double> resultWrites(RestateAdmin admin, List<Violation> unreadable) {
		try {
			List<Double> writes = new ArrayList<>();
			admin
				.query("SELECT j.appended_at FROM sys_journal j JOIN sys_invocation i ON j.id = i.id"
						+ " WHERE i.target_service_name = 'OrderService' AND i.target_handler_name = 'ProcessOrder'"
						+ " AND j.entry_type = 'Command: SetState' AND j.entry_json LIKE '%\"key\":\"result\"%'")
				.forEach((row) -> writes.add(Instant.parse(row.path("appended_at").asText()).toEpochMilli() / 1000.0));
			writes.sort(null);
			return writes;
		}
		catch (RuntimeException ex) {
			unreadable.add(new Violation("(all orders)", "Restate's journal could not be read",
					"the tolerance for killed replicas is unknown: " + ex.getMessage()));
			return List.of();
		}
	}

	/**
	 * For every fault that killed replicas, {@link SoakChecker#lostAtKill} from the
	 * earliest last successful scrape among them ({@code up}; instance: the management
	 * address) and the results written meanwhile.
	 */
	private static long lostAtKills(PrometheusServer prometheus, OrdersCluster cluster, List<Injected> injected,
			Instant streamStarted, List<Double> resultWrites, long windowSeconds) {
		Map<String, List<double[]>> up = samplesByInstance(prometheus, "up{job=\"order-service\"}", windowSeconds);
		double since = streamStarted.toEpochMilli() / 1000.0;
		long lost = 0;
		for (Injected fault : injected) {
			List<ServiceProcess> killed = switch (fault.fault().kind()) {
				case REPLICA -> List.of(cluster.replica(fault.fault().target()));
				case WHOLE_SERVICE -> cluster.replicas();
				default -> List.of();
			};
			if (killed.isEmpty()) {
				continue;
			}
			double killedAt = since + fault.started() / 1e9;
			double lastScraped = killed.stream()
				.mapToDouble((replica) -> SoakChecker.lastScraped(up.getOrDefault(instance(replica), List.of()),
						killedAt, since))
				.min()
				.orElse(since);
			lost += SoakChecker.lostAtKill(resultWrites, lastScraped, killedAt, killed.size());
		}
		return lost;
	}

	private static String instance(ServiceProcess replica) {
		URI address = replica.managementUrl();
		return address.getHost() + ":" + address.getPort();
	}

	/** A range query's raw samples (epoch seconds, value), by {@code instance}. */
	private static Map<String, List<double[]>> samplesByInstance(PrometheusServer prometheus, String selector,
			long windowSeconds) {
		Map<String, List<double[]>> samples = new TreeMap<>();
		for (JsonNode series : prometheus.query(selector + "[" + windowSeconds + "s]")) {
			List<double[]> values = samples.computeIfAbsent(series.path("metric").path("instance").asText(),
					(instance) -> new ArrayList<>());
			series.path("values")
				.forEach((sample) -> values.add(new double[] { sample.get(0).asDouble(), sample.get(1).asDouble() }));
		}
		return samples;
	}

	/**
	 * A counter's increase over the run by {@code status}, summed over replicas and their
	 * restarts: from the raw samples ({@link SoakChecker#increase}), a restart being a
	 * new {@code process_start_time_seconds} (Prometheus' {@code increase} would
	 * extrapolate to the window's edges, and miss a restart whose first scrape was
	 * already higher).
	 */
	static Map<String, Double> increases(PrometheusServer prometheus, String metric, long windowSeconds) {
		Map<String, NavigableMap<Double, Double>> starts = new TreeMap<>();
		samplesByInstance(prometheus, "process_start_time_seconds{job=\"order-service\"}", windowSeconds)
			.forEach((instance, samples) -> {
				NavigableMap<Double, Double> byTime = new TreeMap<>();
				samples.forEach((sample) -> byTime.put(sample[0], sample[1]));
				starts.put(instance, byTime);
			});
		Map<String, Double> increases = new TreeMap<>();
		for (JsonNode series : prometheus.query(metric + "{job=\"order-service\"}[" + windowSeconds + "s]")) {
			List<double[]> samples = new ArrayList<>();
			series.path("values")
				.forEach((sample) -> samples.add(new double[] { sample.get(0).asDouble(), sample.get(1).asDouble() }));
			increases.merge(series.path("metric").path("status").asText(),
					SoakChecker.increase(samples,
							starts.getOrDefault(series.path("metric").path("instance").asText(), new TreeMap<>())),
					Double::sum);
		}
		return increases;
	}

	/** Every evaluation at which an alert was pending or firing, by alert name. */
	private static Map<String, List<AlertSeen>> alerts(PrometheusServer prometheus, long windowSeconds,
			Instant streamStarted) {
		Map<String, List<AlertSeen>> alerts = new TreeMap<>();
		for (JsonNode series : prometheus.query("ALERTS[" + windowSeconds + "s]")) {
			String name = series.path("metric").path("alertname").asText();
			String state = series.path("metric").path("alertstate").asText();
			for (JsonNode sample : series.path("values")) {
				long at = (long) ((sample.get(0).asDouble() - streamStarted.toEpochMilli() / 1000.0) * 1e9);
				alerts.computeIfAbsent(name, (n) -> new ArrayList<>()).add(new AlertSeen(state, at));
			}
		}
		alerts.values().forEach((seen) -> seen.sort(Comparator.comparingLong(AlertSeen::atNanos)));
		return alerts;
	}

}
