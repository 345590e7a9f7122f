package dev.observableorders.benchmark;

import dev.observableorders.support.Ingress;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceProcess;
import dev.observableorders.support.StartupLayouts;
import dev.observableorders.support.ToolCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tools/startup-benchmark}: how long a new service JVM takes from its process
 * start to readiness UP (registered with Restate, endpoint listening) and to its first
 * order answered, for each way it can start ({@link StartupLayouts.Launch}), idle and
 * while a second Restate and service beside it serve the benchmark's paced load; and what
 * that start does to the p99 of those orders against the 20 s before it. Launches
 * alternate within each round; --write-docs puts the table into docs/benchmarks.md, "Start-up".
 */
public final class StartupBenchmark {

	/** Orders before each start that give the steady p99 it is compared with. */
	private static final Duration STEADY = Duration.ofSeconds(20);

	/** The loaded service's own warm-up, before any steady window is taken. */
	private static final Duration LOAD_WARM_UP = Duration.ofSeconds(30);

	/** After readiness, orders still counted as during the start (its JIT warm-up). */
	private static final Duration AFTER_READY = Duration.ofSeconds(5);

	private StartupBenchmark() {
	}

	@Command(name = "tools/startup-benchmark", description = {
			"Measures a service JVM's time to ready and to its first order, per launch, idle and under paced load;",
			"prints a markdown table (docs/benchmarks.md, \"Start-up\")." },
			footer = { "", "Exit status: 0 measured, 1 a start failed, 2 bad options." })
	static final class Cli {

		@Option(names = "--rounds", paramLabel = "N", description = "starts per launch and phase (default ${DEFAULT-VALUE})")
		int rounds = 3;

		@Option(names = "--launches", paramLabel = "L,L",
				description = "of jar, launcher, cds, aot, cds-niced (default ${DEFAULT-VALUE}); aot needs JDK 25")
		String launches = "jar,launcher,cds,aot";

		@Option(names = "--rate", paramLabel = "R",
				description = "orders a second of the load beside the start (default ${DEFAULT-VALUE}, the benchmark's paced rate)")
		int rate = 250;

		@Option(names = "--write-docs",
				description = "write the table as the \"Start-up\" section of docs/benchmarks.md, on purpose")
		boolean writeDocs;

		@Mixin
		ToolCommandLine.Help help;

	}

	/** One start: seconds to ready and to the first order; p99 ratio under load. */
	record Start(double ready, double firstOrder, double p99Ratio) {
	}

	public static void main(String[] args) throws Exception {
		Cli cli = ToolCommandLine.optionsOrExit("startup-benchmark", new Cli(), args, (given) -> {
			Cli parsed = ToolCommandLine.parse(new Cli(), given);
			launches(parsed.launches);
			if (parsed.rounds < 1 || parsed.rate < 1) {
				throw new IllegalArgumentException("--rounds and --rate must be at least 1");
			}
			return parsed;
		});
		if (cli == null) {
			return;
		}
		List<StartupLayouts.Launch> launches = launches(cli.launches);
		RestateServer.requireInstalled();
		Map<StartupLayouts.Launch, List<Start>> idle = new EnumMap<>(StartupLayouts.Launch.class);
		Map<StartupLayouts.Launch, List<Start>> loaded = new EnumMap<>(StartupLayouts.Launch.class);
		try (RestateServer measured = RestateServer.startFresh()) {
			Ingress ingress = new Ingress(measured.ingressUrl());
			log("building each launch's layout (one start each, not measured)");
			for (StartupLayouts.Launch launch : launches) {
				start(measured, ingress, launch, null);
			}
			for (int round = 1; round <= cli.rounds; round++) {
				for (StartupLayouts.Launch launch : rotated(launches, round)) {
					Start start = start(measured, ingress, launch, null);
					log("idle   round %d %-8s ready %.2f s, first order %.2f s".formatted(round, launch, start.ready(),
							start.firstOrder()));
					idle.computeIfAbsent(launch, (l) -> new ArrayList<>()).add(start);
				}
			}
			try (RestateServer busy = RestateServer.startFresh();
					ServiceProcess serving = ServiceProcess.start(busy);
					Load load = new Load(new Ingress(busy.ingressUrl()), cli.rate)) {
				log("load: " + cli.rate + " orders/s through a second Restate and service; "
						+ LOAD_WARM_UP.toSeconds() + " s of warm-up");
				Thread.sleep(LOAD_WARM_UP.toMillis());
				for (int round = 1; round <= cli.rounds; round++) {
					for (StartupLayouts.Launch launch : rotated(launches, round)) {
						Start start = start(measured, ingress, launch, load);
						log("loaded round %d %-8s ready %.2f s, first order %.2f s, p99 during / steady %.2f"
							.formatted(round, launch, start.ready(), start.firstOrder(), start.p99Ratio()));
						loaded.computeIfAbsent(launch, (l) -> new ArrayList<>()).add(start);
					}
				}
			}
		}
		catch (IllegalStateException ex) {
			System.err.println("startup-benchmark: " + ex.getMessage());
			System.exit(1);
		}
		String report = report(cli, launches, idle, loaded);
		System.out.println(report);
		if (cli.writeDocs) {
			Path docs = Path.of("docs", "benchmarks.md");
			String section = DocSections.sectionOf(docs, DocSections.STARTUP);
			// the prose of the section stays; the measured table is replaced
			String prose = section.contains("\n`tools/startup-benchmark") ? section.substring(0,
					section.indexOf("\n`tools/startup-benchmark") + 1) : DocSections.STARTUP + "\n\n";
			Files.writeString(docs, DocSections.replace(Files.readString(docs), DocSections.STARTUP,
					prose + report));
		}
	}

	private static List<StartupLayouts.Launch> launches(String list) {
		try {
			return Arrays.stream(list.split(",")).map(String::strip).map(StartupLayouts.Launch::of).toList();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"--launches takes jar, launcher, cds, aot and cds-niced, e.g. jar,cds; got " + list);
		}
	}

	/** Each round starts with another launch, so none always follows the same one. */
	private static List<StartupLayouts.Launch> rotated(List<StartupLayouts.Launch> launches, int round) {
		List<StartupLayouts.Launch> order = new ArrayList<>(launches);
		Collections.rotate(order, -(round - 1));
		return order;
	}

	/**
	 * Starts one service JVM registered with {@code restate}, asks for one order, stops
	 * it.
	 * @param load null when idle; else the steady window is waited for first
	 */
	private static Start start(RestateServer restate, Ingress ingress, StartupLayouts.Launch launch, Load load)
			throws InterruptedException {
		if (load != null) {
			Thread.sleep(STEADY.toMillis());
		}
		System.setProperty(ServiceProcess.LAUNCH, launch.name());
		long launched = System.nanoTime();
		double ready;
		double first;
		try (ServiceProcess service = ServiceProcess.start(restate, "--payment.simulation.decline-rate=0")) {
			ready = seconds(System.nanoTime() - launched);
			String id = "startup-" + UUID.randomUUID().toString().substring(0, 8);
			Ingress.Reply reply = ingress.processOrder(id, Ingress.seedOrder(id, "cust-startup"));
			if (reply.status() != 200) {
				throw new IllegalStateException("the first order got " + reply.status() + ": " + reply.body());
			}
			first = seconds(System.nanoTime() - launched);
			if (load != null) {
				Thread.sleep(AFTER_READY.toMillis());
			}
		}
		double ratio = (load != null) ? load.p99(launched, System.nanoTime()) / load.p99(
				launched - STEADY.toNanos(), launched) : Double.NaN;
		return new Start(ready, first, ratio);
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

	private static void log(String line) {
		System.out.println(line);
	}

	/** Orders at a fixed rate (open loop), each one's send time and latency kept. */
	static final class Load implements AutoCloseable {

		private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();

		private final ConcurrentLinkedQueue<long[]> answered = new ConcurrentLinkedQueue<>();

		private final AtomicLong next = new AtomicLong();

		Load(Ingress ingress, int rate) {
			String run = UUID.randomUUID().toString().substring(0, 6);
			this.sender.scheduleAtFixedRate(() -> {
				String id = "load-" + run + "-" + this.next.incrementAndGet();
				long sent = System.nanoTime();
				ingress.processOrderAsync(id, Ingress.seedOrder(id, "cust-load"))
					.thenAccept((reply) -> this.answered.add(new long[] { sent, System.nanoTime() - sent }));
			}, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
		}

		/** p99 latency (ms) of the orders sent in [from, to). */
		double p99(long from, long to) {
			long[] latencies = this.answered.stream()
				.filter((a) -> a[0] >= from && a[0] < to)
				.mapToLong((a) -> a[1])
				.sorted()
				.toArray();
			if (latencies.length == 0) {
				return Double.NaN;
			}
			return latencies[(int) Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)] / 1e6;
		}

		@Override
		public void close() {
			this.sender.shutdownNow();
		}

	}

	static String report(Cli cli, List<StartupLayouts.Launch> launches, Map<StartupLayouts.Launch, List<Start>> idle,
			Map<StartupLayouts.Launch, List<Start>> loaded) {
		StringBuilder table = new StringBuilder();
		table.append("`tools/startup-benchmark --rounds %d --rate %d` on %s; medians (range) of %d starts each.%n%n"
			.formatted(cli.rounds, cli.rate, LocalDate.now(), cli.rounds));
		table.append("| launch | idle: ready s | idle: first order s | under load: ready s | first order s |"
				+ " p99 during start / steady |\n|---|---:|---:|---:|---:|---:|\n");
		for (StartupLayouts.Launch launch : launches) {
			List<Start> i = idle.getOrDefault(launch, List.of());
			List<Start> l = loaded.getOrDefault(launch, List.of());
			table.append("| %s | %s | %s | %s | %s | %s |%n".formatted(
					launch.name().toLowerCase(Locale.ROOT).replace('_', '-'),
					summary(i.stream().map(Start::ready).toList()), summary(i.stream().map(Start::firstOrder).toList()),
					summary(l.stream().map(Start::ready).toList()), summary(l.stream().map(Start::firstOrder).toList()),
					summary(l.stream().map(Start::p99Ratio).toList())));
		}
		return table.toString();
	}

	private static String summary(List<Double> values) {
		if (values.isEmpty()) {
			return "—";
		}
		List<Double> sorted = values.stream().sorted().toList();
		double median = (sorted.size() % 2 == 1) ? sorted.get(sorted.size() / 2)
				: (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
		return "%.2f (%.2f–%.2f)".formatted(median, sorted.get(0), sorted.get(sorted.size() - 1));
	}

}
