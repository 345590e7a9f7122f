package dev.observableorders.soak;

import dev.observableorders.soak.FaultSchedule.Fault;
import dev.observableorders.soak.FaultSchedule.Kind;
import dev.observableorders.support.OrdersCluster;
import dev.observableorders.support.ServiceProcess;
import dev.observableorders.support.StubPaymentGateway;
import dev.observableorders.support.StubPaymentGateway.Operation;
import dev.observableorders.support.StubWarehouse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Plays a {@link FaultSchedule} against the running system: kill -9 and restart of
 * Restate nodes and service replicas, and the partners (the stub gateway and warehouse in
 * this JVM) going down, slow, answering 5xx, refusing refunds, or shipping what a cancel
 * comes too late for. Each lane plays its faults in order on its own thread; a restart
 * that takes longer than the gap delays the lane's next fault, and the record says when
 * each one really started and ended.
 */
final class FaultInjector implements AutoCloseable {

	/**
	 * What a process fault is expected to need after its planned end to start again (the
	 * whole service: 17-24 s measured on this machine): it must be back before the drain.
	 */
	static final Duration RESTART_ALLOWANCE = Duration.ofSeconds(30);

	/**
	 * How long a restarted Restate node may take to rejoin the cluster before the soak
	 * reports that it did not: minutes were seen on a loaded machine.
	 */
	static final Duration REJOIN_BUDGET = Duration.ofMinutes(5);

	/** The least quiet in a lane between one fault's recovery and the next fault. */
	static final Duration GAP = Duration.ofSeconds(1);

	/**
	 * How long the gateway takes to answer while it is slow: past the service's 5 s
	 * timeout, so that charges it has taken go unanswered and are asked again — the
	 * moment a charge is doubled unless the key belongs to the order.
	 */
	static final Duration SLOW_GATEWAY = Duration.ofSeconds(6);

	/**
	 * The service's warehouse timeout in the soak
	 * ({@code fulfillment.warehouse.timeout}), shorter than the shipped 5 s so that a
	 * slow warehouse exhausts a hand-over's three attempts within seconds.
	 */
	static final Duration WAREHOUSE_TIMEOUT = Duration.ofMillis(1500);

	/**
	 * How long the warehouse takes to answer while it is slow: past the timeout, while
	 * the shipment is recorded on arrival — the moment goods ship while the money goes
	 * back, unless the hand-over is cancelled before the order is refunded.
	 */
	static final Duration SLOW_WAREHOUSE = Duration.ofMillis(2500);

	/**
	 * How long a slow warehouse must last for hand-overs that meet it to give up (three
	 * attempts of {@link #WAREHOUSE_TIMEOUT}, their backoff, a replay or two) and be
	 * cancelled.
	 */
	static final Duration HAND_OVER_GIVES_UP = Duration.ofSeconds(6);

	/**
	 * One fault as it happened, in nanoseconds since the stream started.
	 *
	 * @param recovered when the process answered again (for partners: when the fault
	 * ended)
	 */
	record Injected(Fault fault, long started, long ended, long recovered) {

		/** From the fault's start until everything it hit answered again. */
		Duration outage() {
			return Duration.ofNanos(this.recovered - this.started);
		}

	}

	private final OrdersCluster cluster;

	private final StubPaymentGateway gateway;

	private final StubWarehouse warehouse;

	private final LongSupplier clock;

	private final Consumer<String> progress;

	private final List<Injected> injected = new CopyOnWriteArrayList<>();

	private final List<String> active = new CopyOnWriteArrayList<>();

	private final List<Thread> lanes = new CopyOnWriteArrayList<>();

	private final List<Fault> skipped = new CopyOnWriteArrayList<>();

	private final List<String> unrecovered = new CopyOnWriteArrayList<>();

	/**
	 * @param clock nanoseconds since the stream started, the schedule's time axis
	 */
	FaultInjector(OrdersCluster cluster, StubPaymentGateway gateway, StubWarehouse warehouse, LongSupplier clock,
			Consumer<String> progress) {
		this.cluster = cluster;
		this.gateway = gateway;
		this.warehouse = warehouse;
		this.clock = clock;
		this.progress = progress;
	}

	/**
	 * Starts both lanes; returns at once. A fault starts at its planned moment or, when
	 * its lane is late (a restart took longer than the gap), {@link #GAP} after the last
	 * one recovered; one that could no longer end (and a process be restarted, within
	 * {@link #RESTART_ALLOWANCE} or the longest restart of its kind of process so far) by
	 * {@code lastEnd} is skipped, so that the drain stays free of faults.
	 * @param lastEnd nanoseconds on the stream's clock by which every fault has ended
	 */
	void play(List<Fault> schedule, long lastEnd) {
		for (boolean process : List.of(true, false)) {
			List<Fault> lane = schedule.stream().filter((fault) -> fault.kind().process == process).toList();
			Thread thread = new Thread(() -> {
				long free = 0;
				// a loaded machine restarts slower than the allowance: the longest
				// restart of the same process (a Restate node, or the service) seen so
				// far in this run counts when it is longer
				Map<Boolean, Long> longestRestart = new HashMap<>();
				// after a process fault, at least as long up as it was down: a late lane
				// would otherwise kill the service again while it works off its backlog
				long quiet = GAP.toNanos();
				for (Fault fault : lane) {
					long start = Math.max(fault.at().toNanos(), free + quiet);
					long recovery = process ? Math.max(RESTART_ALLOWANCE.toNanos(),
							longestRestart.getOrDefault(fault.kind() == Kind.RESTATE_NODE, 0L)) : 0;
					if (start + fault.lasting().toNanos() + recovery > lastEnd) {
						this.skipped.add(fault);
						continue;
					}
					Injected played;
					try {
						played = inject(fault, start);
					}
					catch (RuntimeException ex) {
						// not back within its budget: the rest of the run says what that
						// did, and no further fault hits a system in an unknown state
						this.unrecovered.add(fault + ": " + ex.getMessage().lines().findFirst().orElse(""));
						this.progress.accept("NOT RECOVERED: " + fault + "; no more faults in this lane");
						return;
					}
					free = played.recovered();
					longestRestart.merge(fault.kind() == Kind.RESTATE_NODE, played.recovered() - played.ended(),
							Math::max);
					if (process) {
						quiet = Math.max(GAP.toNanos(), played.outage().toNanos());
					}
				}
			}, process ? "soak-process-faults" : "soak-partner-faults");
			thread.setDaemon(true);
			thread.start();
			this.lanes.add(thread);
		}
	}

	/**
	 * Planned faults not played: their lane was too late for them to end before the
	 * drain.
	 */
	List<Fault> skipped() {
		return List.copyOf(this.skipped);
	}

	/** Faults whose target did not come back within its budget, with the reason. */
	List<String> unrecovered() {
		return List.copyOf(this.unrecovered);
	}

	/** Until both lanes have played every fault and everything is back. */
	void awaitDone() throws InterruptedException {
		for (Thread lane : this.lanes) {
			lane.join();
		}
	}

	List<Injected> injected() {
		return List.copyOf(this.injected);
	}

	/** What is broken now, for the progress line. */
	List<String> active() {
		return List.copyOf(this.active);
	}

	/**
	 * @return the fault as it happened: when it started, ended and what it hit answered
	 * again
	 */
	private Injected inject(Fault fault, long start) {
		sleepUntil(start);
		String label = fault.kind() + ((fault.target() > 0) ? " #" + fault.target() : "");
		this.active.add(label);
		long started = this.clock.getAsLong();
		this.progress.accept("fault: " + label + " for " + fault.lasting().toMillis() / 1000.0 + " s");
		try {
			long ended;
			long recovered;
			switch (fault.kind()) {
				case RESTATE_NODE -> {
					this.cluster.node(fault.target()).kill();
					ended = sleepFor(fault.lasting());
					this.cluster.node(fault.target()).restart(REJOIN_BUDGET);
					recovered = this.clock.getAsLong();
				}
				case REPLICA -> {
					ServiceProcess replica = this.cluster.replica(fault.target());
					replica.kill();
					ended = sleepFor(fault.lasting());
					replica.restart();
					replica.awaitReady();
					recovered = this.clock.getAsLong();
				}
				case WHOLE_SERVICE -> {
					this.cluster.replicas().forEach(ServiceProcess::kill);
					ended = sleepFor(fault.lasting());
					// side by side, as an orchestrator restarts them (the common pool may
					// have one thread)
					ExecutorService restarts = Executors.newFixedThreadPool(this.cluster.replicas().size());
					try {
						CompletableFuture
							.allOf(this.cluster.replicas().stream().map((replica) -> CompletableFuture.runAsync(() -> {
								replica.restart();
								replica.awaitReady();
							}, restarts)).toArray(CompletableFuture[]::new))
							.join();
					}
					finally {
						restarts.shutdown();
					}
					recovered = this.clock.getAsLong();
				}
				case GATEWAY_OUTAGE -> {
					this.gateway.down(true);
					ended = sleepFor(fault.lasting());
					this.gateway.down(false);
					recovered = ended;
				}
				case GATEWAY_SLOW -> {
					this.gateway.latency(SLOW_GATEWAY);
					ended = sleepFor(fault.lasting());
					this.gateway.latency(Duration.ZERO);
					recovered = ended;
				}
				case GATEWAY_5XX_BURST -> {
					for (Operation operation : Operation.values()) {
						this.gateway.answer(operation, -1, 503, "{\"error\":\"overloaded\"}");
					}
					ended = sleepFor(fault.lasting());
					this.gateway.behave();
					recovered = ended;
				}
				case WAREHOUSE_OUTAGE -> {
					this.warehouse.down(true);
					ended = sleepFor(fault.lasting());
					this.warehouse.down(false);
					recovered = ended;
				}
				case WAREHOUSE_SLOW -> {
					// cancels of the shipments recorded meanwhile stop them: refunded
					this.warehouse.latency(SLOW_WAREHOUSE);
					ended = sleepFor(fault.lasting());
					this.warehouse.latency(Duration.ZERO);
					recovered = ended;
				}
				case CANCEL_SHIPPED -> {
					// as slow, but the shipments leave at once: cancels find them
					// shipped,
					// and the orders complete without a refund
					this.warehouse.latency(SLOW_WAREHOUSE);
					this.warehouse.dispatch(true);
					ended = sleepFor(fault.lasting());
					this.warehouse.dispatch(false);
					this.warehouse.latency(Duration.ZERO);
					recovered = ended;
				}
				case REFUND_REFUSAL -> {
					// a final refusal: the refund is not retried, the money stays, an
					// alert pages
					this.gateway.answer(Operation.REFUND, -1, 422, "{\"error\":\"refund refused\"}");
					ended = sleepFor(fault.lasting());
					this.gateway.behave();
					recovered = ended;
				}
				default -> throw new IllegalStateException("unknown fault " + fault.kind());
			}
			Injected played = new Injected(fault, started, ended, recovered);
			this.injected.add(played);
			this.progress.accept("recovered: " + label + " after " + "%.1f s".formatted((recovered - started) / 1e9));
			return played;
		}
		finally {
			this.active.remove(label);
		}
	}

	private long sleepFor(Duration duration) {
		sleepUntil(this.clock.getAsLong() + duration.toNanos());
		return this.clock.getAsLong();
	}

	private void sleepUntil(long nanos) {
		long left;
		while ((left = nanos - this.clock.getAsLong()) > 0) {
			try {
				Thread.sleep(Math.max(1, left / 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("the soak was stopped", ex);
			}
		}
	}

	@Override
	public void close() {
		this.lanes.forEach(Thread::interrupt);
	}

}
