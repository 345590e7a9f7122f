package dev.observableorders.benchmark;

import dev.observableorders.support.ToolCommandLine;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.observableorders.support.ServiceProcess;
import dev.observableorders.support.RestateServer;
import dev.observableorders.traffic.OrderMix;
import dev.observableorders.traffic.TrafficOptions;
import dev.observableorders.traffic.TrafficRun;
import dev.observableorders.traffic.TrafficSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code ./mvnw -q -DskipTests package exec:exec@benchmark}: the cost of observability,
 * measured side by side on this machine, written to {@code docs/benchmarks.md}. See
 * {@link Variant}. Not a test: numbers depend on the machine, so they are recorded, not
 * asserted.
 */
public final class Benchmark {

	private Benchmark() {
	}

	/**
	 * @param warmup load before measuring, discarded (JIT, connection pools, Restate's
	 * caches)
	 * @param maxWarmup the warm-up goes on in 15 s steps until the JIT is quiet, at most
	 * this long
	 * @param jitQuiet the JIT is quiet when it takes less than this percentage of the
	 * service's CPU over a step
	 * @param paced load at a fixed rate per variant and round, where CPU per order is
	 * measured: below saturation it is not inflated by the three processes fighting over
	 * the cores, which made it swing by ±15% between rounds at saturation
	 * @param rate orders per second of the paced phase (open loop)
	 * @param duration saturating load per variant and round: throughput and latency under
	 * load
	 * @param serial load at concurrency 1 per variant and round: latency without queueing
	 * (0s skips it)
	 * @param serialSlice how long one variant's turn lasts, whatever the load; a phase
	 * shorter than this is one turn. The hypervisor takes the machine in bursts of 10-40
	 * s: a 15 s turn at concurrency 1 that met one read the burst, not the handler, and
	 * the variant whose turns met more of them missed its p99 (Finding 18). Turns of 5 s
	 * spread a burst over every variant; the services' pollers are slowed by the number
	 * of variants ({@link ServicePollers}), so that thawing them more often does not make
	 * them read more often per second of running
	 * @param concurrency requests in flight at most
	 * @param rounds each round gives every variant the same number of turns of each load,
	 * so drift hits all alike and each round gives one ratio between variants
	 */
	record Options(Duration warmup, Duration maxWarmup, int jitQuiet, Duration paced, double rate, Duration duration,
			Duration serial, Duration serialSlice, int concurrency, int rounds, List<Variant> variants,
			List<Path> restateConfiguration, Path output) {

		static Options parse(String... args) {
			Cli cli = ToolCommandLine.parse(new Cli(), args);
			List<Variant> variants = Arrays.stream(cli.variants.split(",")).map((v) -> {
				if (!v.trim().matches("[a-eA-ErR]")) {
					throw new IllegalArgumentException(
							"--variants takes letters a to e and r, e.g. a,b,c; got " + cli.variants);
				}
				return Variant.valueOf(v.trim().toUpperCase(Locale.ROOT));
			}).toList();
			for (int value : new int[] { cli.jitQuiet, cli.rate, cli.concurrency, cli.rounds }) {
				if (value < 1) {
					throw new IllegalArgumentException("--jit-quiet, --rate, --concurrency and --rounds are whole"
							+ " numbers from 1; got " + value);
				}
			}
			for (Path file : cli.restateConfiguration) {
				if (!Files.isReadable(file)) {
					throw new IllegalArgumentException("--restate-config: cannot read " + file);
				}
			}
			if (cli.duration.isZero()) {
				throw new IllegalArgumentException("--duration must be at least 1s: throughput is measured in it");
			}
			if (cli.serialSlice.isZero() || cli.serialSlice.compareTo(cli.serial) > 0 && !cli.serial.isZero()) {
				throw new IllegalArgumentException(
						"--serial-slice must be between 1s and --serial, got " + cli.serialSlice.toSeconds() + "s");
			}
			return new Options(cli.warmup, cli.maxWarmup, cli.jitQuiet, cli.paced, cli.rate, cli.duration, cli.serial,
					cli.serialSlice, cli.concurrency, cli.rounds, variants, cli.restateConfiguration,
					cli.report.output("benchmarks.md"));
		}

	}

	/** The options as declared: picocli parses them, {@code --help} prints them. */
	@Command(name = "tools/benchmark", description = "What observability costs: variants of the service side by side.",
			footer = { "", "Exit status: 0 written, 2 bad options." })
	static final class Cli {

		@Option(names = "--warmup", paramLabel = "D", description = "load before measuring, discarded (default 60s)")
		Duration warmup = Duration.ofSeconds(60);

		@Option(names = "--max-warmup", paramLabel = "D",
				description = "the warm-up goes on until the JIT is quiet, at most this long (default 300s)")
		Duration maxWarmup = Duration.ofSeconds(300);

		@Option(names = "--jit-quiet", paramLabel = "PCT",
				description = "the JIT is quiet below this share of the CPU (default ${DEFAULT-VALUE})")
		int jitQuiet = 3;

		@Option(names = "--paced", paramLabel = "D", description = "paced load per variant and round (default 45s)")
		Duration paced = Duration.ofSeconds(45);

		@Option(names = "--rate", paramLabel = "R",
				description = "orders a second when paced (default ${DEFAULT-VALUE})")
		int rate = 250;

		@Option(names = "--duration", paramLabel = "D",
				description = "saturating load per variant and round (default 60s)")
		Duration duration = Duration.ofSeconds(60);

		@Option(names = "--serial", paramLabel = "D",
				description = "load at concurrency 1 per variant and round, 0s skips it (default 60s)")
		Duration serial = Duration.ofSeconds(60);

		@Option(names = "--serial-slice", paramLabel = "D", description = "one variant's turn (default 5s)")
		Duration serialSlice = Duration.ofSeconds(5);

		@Option(names = "--concurrency", paramLabel = "C",
				description = "requests in flight when saturating (default ${DEFAULT-VALUE})")
		int concurrency = 64;

		@Option(names = "--rounds", paramLabel = "N", description = "rounds (default ${DEFAULT-VALUE})")
		int rounds = 5;

		@Option(names = "--variants", paramLabel = "LIST",
				description = "letters a to e and r (default ${DEFAULT-VALUE}; on request d, the no-op handler, and r, (a) against Restate's defaults)")
		String variants = "a,b,c,e";

		@Option(names = "--restate-config", paramLabel = "FILES", split = ",",
				description = "Restate's settings for every variant but (r), a later file winning (default: config/restate/restate.env): try others against (r)")
		List<Path> restateConfiguration = RestateServer.SHIPPED_CONFIGURATION;

		@Mixin
		ToolCommandLine.Report report;

		@Mixin
		ToolCommandLine.Help help;

	}

	public static void main(String[] args) throws Exception {
		// the variants start from the jar as production does, not from the tests' faster
		// layout
		System.setProperty(ServiceProcess.AS_SHIPPED, "true");
		Options options = ToolCommandLine.optionsOrExit("benchmark", new Cli(), args, Options::parse);
		if (options == null) {
			return;
		}
		long perRound = options.serial.toSeconds() + options.paced.toSeconds() + options.duration.toSeconds();
		long runs = (long) options.variants.size() * options.rounds;
		System.err.printf(
				"Benchmark: %d variants, each %d to %d s warm-up (until the JIT is quiet), then %d rounds in turns of"
						+ " %d s: %d s at concurrency 1, %d s at %.0f orders/s, %d s saturated per variant and round;"
						+ " about %d to %d min%n",
				options.variants.size(), options.warmup.toSeconds(), options.maxWarmup.toSeconds(), options.rounds,
				options.serialSlice.toSeconds(), options.serial.toSeconds(), options.paced.toSeconds(), options.rate,
				options.duration.toSeconds(),
				Math.max(1, (options.variants.size() * (options.warmup.toSeconds() + 20) + runs * perRound) / 60),
				Math.max(1, (options.variants.size() * (options.maxWarmup.toSeconds() + 20) + runs * perRound) / 60));
		List<Measurement> measurements = inTurns(options);
		BenchmarkReport report = new BenchmarkReport(options, measurements);
		report.write(options.output);
		System.out.println(report.table());
		System.out.println(report.threads());
		System.out.println(report.targets());
		System.out.println("written to " + options.output);
	}

	/**
	 * Every measurement, with every variant started (each with its own Restate), warmed
	 * up, and then taking turns of {@code --serial-slice}, the order rotating each turn:
	 * for every round, first at concurrency 1, then at the paced rate, then saturated.
	 * Measured one variant after another, minutes apart, the machine's drift between
	 * those minutes moved the bare handler's own p50 at concurrency 1 by a third between
	 * rounds, a variant's own throughput by 15% and the ratio of service CPU per order by
	 * ±8%, more than the targets resolve; taking turns every few seconds gives every
	 * variant the same minutes. The variants waiting for their turn are frozen (SIGSTOP,
	 * both the service and its Restate): left running, their background work (Restate
	 * flushing what the warm-up wrote, the services' pollers) gave every variant the same
	 * tail, the bare handler's p99 83 ms against 35 ms alone, and the ratio of p99s
	 * measured the machine, not the handler. Every round at concurrency 1 comes first, so
	 * that no turn at concurrency 1 starts with its Restate still writing away a loaded
	 * turn. A round's figures are merged from its turns: latencies from their histograms,
	 * CPU per order as CPU time over orders.
	 * @return one measurement per variant and round
	 */
	private static List<Measurement> inTurns(Options options) throws InterruptedException {
		Map<Variant, Turn> turns = new EnumMap<>(Variant.class);
		Map<Variant, Long> warmedUp = new EnumMap<>(Variant.class);
		List<AutoCloseable> running = new ArrayList<>();
		try {
			for (Variant variant : options.variants) {
				System.err.println("== " + variant.label() + ": starting and warming up");
				RestateServer restate = RestateServer
					.startFreshConfiguredBy(variant.configuredRestate() ? options.restateConfiguration() : List.of());
				running.add(restate);
				VariantProcess service = VariantProcess.start(variant, restate, options.variants.size());
				running.add(service);
				warmedUp.put(variant,
						warmUp(restate, service.pid(), options, "bench-" + variant.name().toLowerCase() + "-warmup"));
				Turn turn = new Turn(service, restate);
				turns.put(variant, turn);
				turn.freeze();
			}
			Map<Variant, List<TurnsResult>> serial = options.serial.isZero() ? Map.of()
					: takeTurns(options, turns, options.serial, 1, 0, "serial");
			Map<Variant, List<TurnsResult>> paced = takeTurns(options, turns, options.paced, options.concurrency,
					options.rate, "paced");
			Map<Variant, List<TurnsResult>> saturated = takeTurns(options, turns, options.duration, options.concurrency,
					0, "saturated");
			List<Measurement> measurements = new ArrayList<>();
			for (Variant variant : options.variants) {
				for (int round = 0; round < options.rounds; round++) {
					TurnsResult atRate = paced.get(variant).get(round);
					TurnsResult load = saturated.get(variant).get(round);
					TurnsResult one = serial.containsKey(variant) ? serial.get(variant).get(round) : null;
					Measurement measurement = new Measurement(variant, round + 1, atRate.summary(),
							atRate.serviceCores(), atRate.restateCores(), atRate.serviceCpuShares(), load.summary(),
							Math.max(Math.max(atRate.maxRssBytes(), load.maxRssBytes()),
									(one != null) ? one.maxRssBytes() : 0),
							(one != null) ? one.summary() : null, warmedUp.get(variant), atRate.host().stealShare(),
							(one != null) ? one.host().stealShare() : Double.NaN);
					System.err.println(measurement.line());
					measurements.add(measurement);
				}
			}
			return measurements;
		}
		finally {
			turns.values().forEach(Turn::thaw);
			Collections.reverse(running);
			for (AutoCloseable process : running) {
				try {
					process.close();
				}
				catch (Exception ex) {
					System.err.println("could not stop " + process + ": " + ex.getMessage());
				}
			}
		}
	}

	/**
	 * One variant's turns of one round: their traffic merged, the CPU its service and its
	 * Restate used in them (cores: CPU seconds over the turns' seconds), the service's
	 * CPU by thread group and its peak RSS, and the machine's CPU counters over the
	 * turns.
	 */
	private record TurnsResult(TrafficSummary summary, double serviceCores, double restateCores,
			Map<ProcessMeter.ThreadGroup, Double> serviceCpuShares, long maxRssBytes, HostCpu host) {
	}

	/** What the turns of one variant in one round add up to. */
	private static final class TurnsTotal {

		private final List<TrafficSummary> slices = new ArrayList<>();

		private final Histogram latency = new Histogram(3);

		private final Map<ProcessMeter.ThreadGroup, Double> serviceCpuByGroup = new EnumMap<>(
				ProcessMeter.ThreadGroup.class);

		private double wallSeconds;

		private double serviceCpuSeconds;

		private double restateCpuSeconds;

		private long maxRssBytes;

		private HostCpu host = HostCpu.NONE;

		void add(TrafficRun run, TrafficSummary slice, ProcessMeter service, ProcessMeter restate, HostCpu host) {
			this.host = this.host.plus(host);
			this.slices.add(slice);
			this.latency.add(run.latencyMicros());
			double serviceCpu = service.cpuSeconds();
			this.wallSeconds += service.wallSeconds();
			this.serviceCpuSeconds += serviceCpu;
			this.restateCpuSeconds += restate.cpuSeconds();
			service.cpuShares()
				.forEach((group, share) -> this.serviceCpuByGroup.merge(group, share * serviceCpu, Double::sum));
			this.maxRssBytes = Math.max(this.maxRssBytes, service.maxRssBytes());
		}

		TurnsResult result() {
			Map<ProcessMeter.ThreadGroup, Double> shares = new EnumMap<>(ProcessMeter.ThreadGroup.class);
			this.serviceCpuByGroup.forEach((group, seconds) -> shares.put(group,
					(this.serviceCpuSeconds > 0) ? seconds / this.serviceCpuSeconds : 0));
			return new TurnsResult(TrafficSummary.merge(this.slices, this.latency),
					this.serviceCpuSeconds / this.wallSeconds, this.restateCpuSeconds / this.wallSeconds, shares,
					this.maxRssBytes, this.host);
		}

	}

	/**
	 * Every round of one kind of load, each {@code perRound} long per variant, in turns
	 * of about {@code --serial-slice}.
	 */
	private static Map<Variant, List<TurnsResult>> takeTurns(Options options, Map<Variant, Turn> turns,
			Duration perRound, int concurrency, double rate, String name) throws InterruptedException {
		long turnsPerRound = Math.max(1, perRound.toSeconds() / options.serialSlice.toSeconds());
		Duration turnLength = Duration.ofSeconds(perRound.toSeconds() / turnsPerRound);
		Map<Variant, List<TurnsResult>> byRound = new EnumMap<>(Variant.class);
		for (int round = 1; round <= options.rounds; round++) {
			Map<Variant, TurnsTotal> totals = new EnumMap<>(Variant.class);
			for (int slice = 0; slice < turnsPerRound; slice++) {
				System.err.printf("== %s, round %d of %d, turn %d of %d%n", name, round, options.rounds, slice + 1,
						turnsPerRound);
				List<Variant> order = new ArrayList<>(options.variants);
				Collections.rotate(order, -(int) ((round - 1) * turnsPerRound + slice));
				for (Variant variant : order) {
					Turn turn = turns.get(variant);
					turn.thaw();
					TrafficRun run = new TrafficRun(traffic(turn.restate(), turnLength, concurrency, rate,
							"bench-" + variant.name().toLowerCase() + "-" + name + "-" + round + "-" + slice));
					HostCpu hostBefore = HostCpu.read();
					try (ProcessMeter service = ProcessMeter.start(turn.service().pid());
							ProcessMeter restate = ProcessMeter.start(turn.restate().pid())) {
						TrafficSummary summary = run.run(System.err);
						totals.computeIfAbsent(variant, (v) -> new TurnsTotal())
							.add(run, summary, service, restate, HostCpu.read().since(hostBefore));
					}
					turn.freeze();
				}
			}
			totals.forEach(
					(variant, total) -> byRound.computeIfAbsent(variant, (v) -> new ArrayList<>()).add(total.result()));
		}
		return byRound;
	}

	/**
	 * Saturating load for the warm-up, then on in 15 s steps while the JIT compiler still
	 * takes more than {@code --jit-quiet} percent of the service's CPU, up to
	 * {@code --max-warmup}: a long-running instance has compiled its hot code, and a
	 * variant with more code to compile would otherwise be measured while compiling. Each
	 * step runs every load the rounds measure in equal parts (concurrency 1, the paced
	 * rate, saturated): warmed up at concurrency 64 only, a service still compiled 220
	 * methods in its first three minutes at concurrency 1 and 34 more with C2 in its
	 * first 45 s at the paced rate, so the first turns of each kind measured the JIT.
	 * @return seconds of warm-up
	 */
	private static long warmUp(RestateServer restate, long pid, Options options, String prefix)
			throws InterruptedException {
		run(restate, options.warmup, options.concurrency, 0, prefix + "-warmup");
		long seconds = options.warmup.toSeconds();
		Duration step = Duration.ofSeconds(15);
		List<Load> loads = new ArrayList<>();
		if (!options.serial.isZero()) {
			loads.add(new Load(1, 0));
		}
		loads.add(new Load(options.concurrency, options.rate));
		loads.add(new Load(options.concurrency, 0));
		while (seconds + step.toSeconds() <= options.maxWarmup.toSeconds()) {
			double jit;
			try (ProcessMeter meter = ProcessMeter.start(pid)) {
				for (Load load : loads) {
					run(restate, step.dividedBy(loads.size()), load.concurrency(), load.rate(),
							prefix + "-warmup-" + seconds + "-" + load.concurrency() + "-" + (long) load.rate());
				}
				jit = meter.cpuShares().getOrDefault(ProcessMeter.ThreadGroup.JIT, 0.0);
			}
			seconds += step.toSeconds();
			System.err.printf("   warm-up %d s: JIT %.1f%% of the service's CPU in the last %d s%n", seconds, jit * 100,
					step.toSeconds());
			if (jit * 100 < options.jitQuiet) {
				break;
			}
		}
		return seconds;
	}

	/** One kind of load: requests in flight at most, and a fixed rate or none (0). */
	private record Load(int concurrency, double rate) {
	}

	private static TrafficSummary run(RestateServer restate, Duration duration, int concurrency, double rate,
			String idPrefix) throws InterruptedException {
		return new TrafficRun(traffic(restate, duration, concurrency, rate, idPrefix)).run(System.err);
	}

	/** A variant's two processes, frozen while it waits for its turn. */
	private record Turn(VariantProcess service, RestateServer restate) {

		void freeze() {
			this.service.freeze();
			this.restate.freeze();
		}

		void thaw() {
			this.restate.thaw();
			this.service.thaw();
		}

	}

	private static TrafficOptions traffic(RestateServer restate, Duration duration, int concurrency, double rate,
			String idPrefix) {
		return new TrafficOptions(restate.ingressUrl(), 0, duration, concurrency, rate, OrderMix.ALL_VALID, idPrefix,
				null, Duration.ofSeconds(30), true);
	}

}
