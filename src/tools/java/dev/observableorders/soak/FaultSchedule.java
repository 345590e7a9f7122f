package dev.observableorders.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The soak's faults, drawn from a seed so that a run that found a violation can be
 * repeated fault for fault (issue 18). Two lanes run side by side:
 * <ul>
 * <li>processes — kill -9 and restart of a Restate node, a service replica, or the whole
 * service — one at a time, so that never two Restate nodes are down at once (the cluster
 * replicates twice: a second loss would be an outage, not a fault it must ride out);</li>
 * <li>partners — gateway outage, slowness, 5xx burst, warehouse outage, refund refusal, a
 * warehouse answering after the client's timeout (cancels then stop the shipments, or, in
 * {@code CANCEL_SHIPPED}, find them gone) — one at a time, at any moment of the process
 * lane.</li>
 * </ul>
 * Every kind comes once, in a drawn order, before any repeats, so a short run still
 * covers them all; nothing starts in the last {@code drain} of the run, which is left for
 * the stream to finish and the cluster to settle.
 */
public final class FaultSchedule {

	/** What a fault does; {@code target} says which node or replica, where it matters. */
	public enum Kind {

		RESTATE_NODE(true), REPLICA(true), WHOLE_SERVICE(true), GATEWAY_OUTAGE(false), GATEWAY_SLOW(false),
		GATEWAY_5XX_BURST(false), WAREHOUSE_OUTAGE(false), REFUND_REFUSAL(false),
		WAREHOUSE_SLOW(false, FaultInjector.HAND_OVER_GIVES_UP),
		CANCEL_SHIPPED(false, FaultInjector.HAND_OVER_GIVES_UP);

		final boolean process;

		/**
		 * The shortest this fault lasts: a slow warehouse must outlast every attempt of a
		 * hand-over, or no order ever reaches its cancel.
		 */
		final Duration minLasting;

		Kind(boolean process) {
			this(process, Duration.ZERO);
		}

		Kind(boolean process, Duration minLasting) {
			this.process = process;
			this.minLasting = minLasting;
		}

	}

	/**
	 * One fault: it starts {@code at} after the run starts and ends {@code lasting} later
	 * (for a process: when it is started again).
	 *
	 * @param target the node (1..nodes) or replica (1..replicas) it hits; 0 for the rest
	 */
	public record Fault(Kind kind, int target, Duration at, Duration lasting) {

		public Duration end() {
			return this.at.plus(this.lasting);
		}

		@Override
		public String toString() {
			return "%6.1f s  %-18s%s for %.1f s".formatted(this.at.toMillis() / 1000.0, this.kind,
					(this.target > 0) ? " #" + this.target : "", this.lasting.toMillis() / 1000.0);
		}

	}

	/**
	 * How long a fault lasts and the quiet between two in a lane, each drawn between its
	 * bounds.
	 */
	public record Timing(Duration minLasting, Duration maxLasting, Duration minGap, Duration maxGap) {

		/**
		 * For soaks under 10 minutes: every kind once within a minute (a 2-minute run
		 * keeps its last minute for the drain), whatever the seed.
		 */
		public static final Timing SHORT = new Timing(Duration.ofSeconds(2), Duration.ofSeconds(5),
				Duration.ofSeconds(1), Duration.ofSeconds(3));

		/**
		 * For long soaks: faults that outlast the alerts' shorter {@code for} clauses.
		 */
		public static final Timing LONG = new Timing(Duration.ofSeconds(5), Duration.ofSeconds(90),
				Duration.ofSeconds(10), Duration.ofSeconds(60));

	}

	private FaultSchedule() {
	}

	/**
	 * The faults of one run, in start order.
	 * @param nodes Restate nodes in the cluster, {@code replicas} service replicas
	 * @throws IllegalArgumentException when the run is too short for every kind once
	 */
	public static List<Fault> draw(long seed, Duration run, Duration drain, int nodes, int replicas, Timing timing) {
		Random random = new Random(seed);
		Duration end = run.minus(drain);
		List<Fault> faults = new ArrayList<>();
		faults.addAll(lane(random, end, List.of(Kind.values()).stream().filter((kind) -> kind.process).toList(), nodes,
				replicas, timing));
		faults.addAll(lane(random, end, List.of(Kind.values()).stream().filter((kind) -> !kind.process).toList(), nodes,
				replicas, timing));
		for (Kind kind : Kind.values()) {
			if (faults.stream().noneMatch((fault) -> fault.kind() == kind)) {
				throw new IllegalArgumentException("A run of " + run.toSeconds() + " s with " + drain.toSeconds()
						+ " s of drain is too short for every kind of fault once (no " + kind + ")");
			}
		}
		faults.sort(Comparator.comparing(Fault::at));
		return faults;
	}

	private static List<Fault> lane(Random random, Duration end, List<Kind> kinds, int nodes, int replicas,
			Timing timing) {
		List<Fault> faults = new ArrayList<>();
		List<Kind> firstRound = new ArrayList<>(kinds);
		Collections.shuffle(firstRound, random);
		Duration at = between(random, timing.minGap(), timing.maxGap());
		for (int i = 0;; i++) {
			Kind kind = (i < firstRound.size()) ? firstRound.get(i) : kinds.get(random.nextInt(kinds.size()));
			Duration lasting = between(random, timing.minLasting(), timing.maxLasting());
			if (lasting.compareTo(kind.minLasting) < 0) {
				lasting = kind.minLasting;
			}
			if (at.plus(lasting).compareTo(end) > 0) {
				return faults;
			}
			int target = switch (kind) {
				case RESTATE_NODE -> 1 + random.nextInt(nodes);
				case REPLICA -> 1 + random.nextInt(replicas);
				default -> 0;
			};
			faults.add(new Fault(kind, target, at, lasting));
			at = at.plus(lasting).plus(between(random, timing.minGap(), timing.maxGap()));
		}
	}

	private static Duration between(Random random, Duration min, Duration max) {
		return min.plusMillis((long) (random.nextDouble() * max.minus(min).toMillis()));
	}

}
