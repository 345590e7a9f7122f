package dev.observableorders.benchmark;

import dev.observableorders.support.ToolCommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.observableorders.support.RestateAdmin;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceProcess;
import dev.observableorders.traffic.OrderMix;
import dev.observableorders.traffic.TrafficOptions;
import dev.observableorders.traffic.TrafficRun;
import dev.observableorders.traffic.TrafficSummary;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How long the order pages take as the history Restate retains grows: one Restate server
 * and the service, filled with completed orders step by step (100, 1 000, 10 000, 100 000
 * by default); at each step every page is asked in turn, one request at a time, and its
 * p50 and p99 recorded. The pages' queries are scoped by key or bounded, so their latency
 * should not grow with the history; this measures whether it does.
 *
 * <p>
 * {@code tools/page-benchmark} writes {@code docs/page-benchmark.md}.
 */
final class PageBenchmark {

	private static final SplittableRandom RANDOM = new SplittableRandom(42);

	/**
	 * @param history retained orders at which the pages are measured, ascending
	 * @param requests requests per page and step, after a tenth as many discarded
	 */
	record Options(List<Long> history, int requests, Path output) {

		static Options parse(String... args) {
			Cli cli = ToolCommandLine.parse(new Cli(), args);
			List<Long> history = Arrays.stream(cli.history.split(",")).map(String::trim).map((size) -> {
				if (!size.matches("[1-9][0-9]*")) {
					throw new IllegalArgumentException("--history takes counts like 100,10000; got " + cli.history);
				}
				return Long.parseLong(size);
			}).sorted().toList();
			if (cli.requests < 1) {
				throw new IllegalArgumentException("--requests needs a number from 1, got " + cli.requests);
			}
			return new Options(history, cli.requests, cli.report.output("page-benchmark.md"));
		}

		/** The options as a command line that repeats the run. */
		String commandLine() {
			return "tools/page-benchmark --history "
					+ String.join(",", this.history.stream().map(String::valueOf).toList()) + " --requests "
					+ this.requests;
		}

	}

	/** The options as declared: picocli parses them, {@code --help} prints them. */
	@Command(name = "tools/page-benchmark",
			description = "The order pages' latency against the history Restate retains.",
			footer = { "", "Exit status: 0 written, 2 bad options." })
	static final class Cli {

		@Option(names = "--history", paramLabel = "COUNTS",
				description = "retained orders at which the pages are measured (default ${DEFAULT-VALUE})")
		String history = "100,1000,10000,100000";

		@Option(names = "--requests", paramLabel = "N",
				description = "requests per page and step, after a tenth as many discarded (default ${DEFAULT-VALUE})")
		int requests = 200;

		@Mixin
		ToolCommandLine.Report report;

		@Mixin
		ToolCommandLine.Help help;

	}

	/** One page as an operator or a script asks it. */
	private record Page(String name, String accept) {
	}

	/** p50 and p99 of one page at one history size, in ms. */
	record Latency(long history, long retained, String page, double p50, double p99) {
	}

	public static void main(String[] args) throws Exception {
		Options options = ToolCommandLine.optionsOrExit("page-benchmark", new Cli(), args, Options::parse);
		if (options == null) {
			return;
		}
		List<Latency> latencies = new ArrayList<>();
		try (RestateServer restate = RestateServer.startFresh();
				ServiceProcess service = ServiceProcess.start(restate, "--payment.simulation.decline-rate=0",
						// every request reads Restate: the cost of a view, not of the
						// pages' cache
						"--orders.pages.cache-for=0s", "--orders.pages.max-concurrent-reads=64")) {
			RestateAdmin admin = new RestateAdmin(restate.adminUrl());
			List<String> ids = new ArrayList<>();
			long filled = 0;
			for (long target : options.history()) {
				String prefix = "pages-" + target;
				long count = target - filled;
				System.err.printf("== filling to %,d orders (%,d more)%n", target, count);
				TrafficSummary fill = new TrafficRun(new TrafficOptions(restate.ingressUrl(), count, null, 32, 0,
						OrderMix.ALL_VALID, prefix, null, Duration.ofSeconds(30), true))
					.run(System.err);
				if (fill.unexpected() > 0) {
					throw new IllegalStateException(fill.unexpected() + " orders were not answered as expected");
				}
				for (long n = 0; n < count; n += Math.max(1, count / 100)) {
					ids.add(prefix + "-" + n);
				}
				filled = target;
				long retained = admin
					.query("SELECT count(*) AS n FROM sys_invocation" + " WHERE target_service_name = 'OrderService'")
					.path(0)
					.path("n")
					.asLong();
				System.err.printf("== Restate retains %,d OrderService invocations; measuring the pages%n", retained);
				latencies.addAll(measure(service.managementUrl(), ids, target, retained, options.requests()));
			}
		}
		String report = report(options, latencies);
		Files.writeString(options.output(), report);
		System.out.println(report);
		System.out.println("written to " + options.output());
	}

	/**
	 * Every page in turn, one request at a time, so that each sees the same moment of the
	 * machine; a tenth as many requests first, discarded.
	 */
	private static List<Latency> measure(URI management, List<String> ids, long history, long retained, int requests)
			throws IOException, InterruptedException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		Map<Page, double[]> timings = new LinkedHashMap<>();
		List<Page> pages = List.of(new Page("/orders (JSON)", "application/json"),
				new Page("/orders (page)", "text/html"), new Page("/orders/{retained id} (JSON)", "application/json"),
				new Page("/orders/{retained id} (page)", "text/html"),
				new Page("/orders/{unknown id} (JSON)", "application/json"));
		pages.forEach((page) -> timings.put(page, new double[requests]));
		int warmup = Math.max(1, requests / 10);
		for (int i = -warmup; i < requests; i++) {
			for (Page page : pages) {
				String path = switch (page.name()) {
					case "/orders (JSON)", "/orders (page)" -> "/orders";
					case "/orders/{unknown id} (JSON)" -> "/orders/never-sent-" + i;
					default -> "/orders/" + ids.get(RANDOM.nextInt(ids.size()));
				};
				HttpRequest request = HttpRequest.newBuilder(management.resolve(path))
					.header("Accept", page.accept())
					.timeout(Duration.ofSeconds(30))
					.build();
				long start = System.nanoTime();
				HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
				double ms = (System.nanoTime() - start) / 1e6;
				if (response.statusCode() != (path.startsWith("/orders/never-sent-") ? 404 : 200)) {
					throw new IllegalStateException(path + " answered " + response.statusCode());
				}
				if (i >= 0) {
					timings.get(page)[i] = ms;
				}
			}
		}
		List<Latency> latencies = new ArrayList<>();
		timings.forEach((page, ms) -> {
			Arrays.sort(ms);
			latencies.add(new Latency(history, retained, page.name(), percentile(ms, 0.50), percentile(ms, 0.99)));
			System.err.printf("   %-32s p50 %7.1f ms   p99 %7.1f ms%n", page.name(), percentile(ms, 0.50),
					percentile(ms, 0.99));
		});
		return latencies;
	}

	static double percentile(double[] sorted, double quantile) {
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
	}

	static String report(Options options, List<Latency> latencies) {
		StringBuilder text = new StringBuilder("""
				# Order pages against retained history

				Generated by `%s`. One Restate 1.7.12 server and
				the service (`%s`, defaults) on this machine, filled with completed orders (all valid, 32 at a
				time) up to each size; then, one request at a time and page after page in turn, %d requests per page
				(after %d discarded). A retained id is drawn from all orders sent so far; an unknown id was never sent.

				- date: %s
				- machine: %d cores, Java %s

				Latency in ms, p50 / p99:

				""".formatted(options.commandLine(), String.join(" ", ServiceProcess.HEAP), options.requests(),
				Math.max(1, options.requests() / 10), LocalDate.now(), Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.version")));
		List<String> pages = latencies.stream().map(Latency::page).distinct().toList();
		text.append("| orders sent | OrderService invocations Restate retains |");
		pages.forEach((page) -> text.append(' ').append(page.replace("|", "\\|")).append(" |"));
		text.append("\n|---:|---:|").append("---:|".repeat(pages.size())).append('\n');
		for (long history : options.history()) {
			List<Latency> step = latencies.stream().filter((latency) -> latency.history() == history).toList();
			text.append(String.format(Locale.ROOT, "| %,d | %,d |", history, step.get(0).retained()));
			for (String page : pages) {
				step.stream()
					.filter((latency) -> latency.page().equals(page))
					.findFirst()
					.ifPresent((latency) -> text
						.append(String.format(Locale.ROOT, " %.1f / %.1f |", latency.p50(), latency.p99())));
			}
			text.append('\n');
		}
		long smallest = options.history().get(0);
		long largest = options.history().get(options.history().size() - 1);
		text.append(String.format(Locale.ROOT, "%np50 at %,d orders over p50 at %,d:%n%n", largest, smallest));
		for (String page : pages) {
			double first = p50(latencies, smallest, page);
			double last = p50(latencies, largest, page);
			text.append(String.format(Locale.ROOT, "- %s: %.2f×%n", page, last / first));
		}
		text.append("""

				The analysis of these numbers is in docs/operations.md, "What the order pages cost".
				""");
		return text.toString();
	}

	private static double p50(List<Latency> latencies, long history, String page) {
		return latencies.stream()
			.filter((latency) -> latency.history() == history && latency.page().equals(page))
			.mapToDouble(Latency::p50)
			.findFirst()
			.orElse(Double.NaN);
	}

}
