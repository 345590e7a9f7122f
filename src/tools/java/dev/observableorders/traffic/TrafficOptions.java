package dev.observableorders.traffic;

import dev.observableorders.support.ToolCommandLine;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * What the traffic generator is asked to do: where, how much, how fast, which mix.
 *
 * @param url Restate's ingress
 * @param orders orders to send, or 0 when {@code duration} decides
 * @param duration how long to send, or null when {@code orders} decides
 * @param concurrency requests in flight at most
 * @param rate orders per second to start (open loop), or 0 for as fast as
 * {@code concurrency} allows (closed loop)
 * @param mix shares of valid, invalid and resubmitted orders
 * @param idPrefix order ids are {@code <idPrefix>-<n>}, distinct per run
 * @param json where to write the JSON summary, or null
 * @param timeout longest wait for one answer
 * @param progress whether to show the live progress line
 */
public record TrafficOptions(URI url, long orders, Duration duration, int concurrency, double rate, OrderMix mix,
		String idPrefix, Path json, Duration timeout, boolean progress) {

	/** The options as declared: picocli parses them, {@code --help} prints them. */
	@Command(name = "tools/traffic",
			description = "Sends orders to Restate's ingress and reports throughput and latency.",
			footer = { "", "Exit status: 0 when every answer was expected, 1 when some were not (connection errors,",
					"5xx, a valid order rejected, an invalid one accepted, a resubmission answered differently),",
					"2 for bad options." })
	static final class Cli {

		@Option(names = "--url", paramLabel = "URL", converter = UrlConverter.class,
				description = "Restate ingress (default ${DEFAULT-VALUE})")
		URI url = URI.create("http://localhost:8080");

		@Option(names = "--orders", paramLabel = "N", description = "send N orders (default 1000)")
		Long orders;

		@Option(names = "--duration", paramLabel = "D", description = "send for D instead, e.g. 30s or 2m")
		Duration duration;

		@Option(names = "--concurrency", paramLabel = "C",
				description = "requests in flight at most (default ${DEFAULT-VALUE})")
		int concurrency = 16;

		@Option(names = "--rate", paramLabel = "R",
				description = { "start R orders per second (open loop; latency counts",
						"from the planned start, so a stall is not hidden); default: closed loop" })
		double rate;

		@Option(names = "--mix", paramLabel = "M",
				description = "shares in percent, e.g. valid=90,invalid=5,resubmit=5 (default valid=100)")
		String mix;

		@Option(names = "--id-prefix", paramLabel = "P",
				description = "order ids are P-<n> (default load-<unix time>, distinct per run)")
		String idPrefix = "load-" + System.currentTimeMillis() / 1000;

		@Option(names = "--json", paramLabel = "FILE", description = "also write the summary as JSON to FILE")
		Path json;

		@Option(names = "--timeout", paramLabel = "D", description = "longest wait for one answer (default 30s)")
		Duration timeout = Duration.ofSeconds(30);

		@Option(names = "--quiet", description = "no progress line")
		boolean quiet;

		@Mixin
		ToolCommandLine.Help help;

	}

	/**
	 * An http(s) address with a host: {@code localhost:8080} alone would parse as a
	 * scheme.
	 */
	static final class UrlConverter implements ITypeConverter<URI> {

		@Override
		public URI convert(String value) {
			try {
				URI url = new URI(value);
				if (("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null) {
					return url;
				}
			}
			catch (URISyntaxException ex) {
				// below
			}
			throw new TypeConversionException(
					"'" + value + "' is not an http:// or https:// address with a host, e.g. http://localhost:8080");
		}

	}

	public TrafficOptions {
		List<String> problems = new ArrayList<>();
		if (orders < 0) {
			problems.add("--orders must be positive, got " + orders);
		}
		if (duration != null && (duration.isNegative() || duration.isZero())) {
			problems.add("--duration must be positive, got " + duration);
		}
		if (concurrency < 1 || concurrency > 10_000) {
			problems.add("--concurrency must be 1 to 10000, got " + concurrency);
		}
		if (rate < 0 || Double.isNaN(rate)) {
			problems.add("--rate must be positive, got " + rate);
		}
		if (timeout.isNegative() || timeout.isZero()) {
			problems.add("--timeout must be positive, got " + timeout);
		}
		if (idPrefix.isBlank() || !idPrefix.matches("[A-Za-z0-9._:-]+")) {
			problems.add("--id-prefix may hold only letters, digits and . _ : -, got '" + idPrefix + "'");
		}
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException(String.join("; ", problems));
		}
	}

	/**
	 * Defaults: 1000 valid orders, 16 at a time, to localhost:8080.
	 * @throws IllegalArgumentException naming the option and what to send instead
	 */
	public static TrafficOptions parse(String... args) {
		Cli cli = ToolCommandLine.parse(new Cli(), args);
		if (cli.duration != null && cli.orders != null) {
			throw new IllegalArgumentException("Give --orders or --duration, not both");
		}
		long count = (cli.duration != null) ? 0 : (cli.orders != null) ? cli.orders : 1000;
		OrderMix mix = (cli.mix != null) ? OrderMix.parse(cli.mix) : OrderMix.ALL_VALID;
		return new TrafficOptions(cli.url, count, cli.duration, cli.concurrency, cli.rate, mix, cli.idPrefix, cli.json,
				cli.timeout, !cli.quiet);
	}

}
