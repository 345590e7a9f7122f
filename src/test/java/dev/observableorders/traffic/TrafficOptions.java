package dev.observableorders.traffic;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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

	static final String USAGE = """
			Sends orders to Restate's ingress and reports throughput and latency.

			  --url URL            Restate ingress (default http://localhost:8080)
			  --orders N           send N orders (default 1000)
			  --duration D         send for D instead, e.g. 30s or 2m
			  --concurrency C      requests in flight at most (default 16)
			  --rate R             start R orders per second (open loop; latency counts from the
			                       planned start, so a stall is not hidden); default: closed loop
			  --mix M              shares in percent, e.g. valid=90,invalid=5,resubmit=5 (default valid=100)
			  --id-prefix P        order ids are P-<n> (default load-<unix time>, distinct per run)
			  --json FILE          also write the summary as JSON to FILE
			  --timeout D          longest wait for one answer (default 30s)
			  --quiet              no progress line
			  --help               this text

			Exit status: 0 when every answer was expected, 1 when some were not (connection errors,
			5xx, a valid order rejected, an invalid one accepted, a resubmission answered differently),
			2 for bad options.""";

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
		URI url = URI.create("http://localhost:8080");
		Long orders = null;
		Duration duration = null;
		int concurrency = 16;
		double rate = 0;
		OrderMix mix = OrderMix.ALL_VALID;
		String idPrefix = "load-" + System.currentTimeMillis() / 1000;
		Path json = null;
		Duration timeout = Duration.ofSeconds(30);
		boolean progress = true;
		for (int i = 0; i < args.length; i++) {
			String name = args[i];
			if (name.equals("--quiet")) {
				progress = false;
				continue;
			}
			if (!name.startsWith("--")) {
				throw new IllegalArgumentException("Unexpected argument '" + name + "'; options start with --");
			}
			if (!OPTIONS.contains(name)) {
				throw new IllegalArgumentException("Unknown option '" + name + "'; see --help");
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException(name + " needs a value");
			}
			String value = args[++i];
			try {
				switch (name) {
					case "--url" -> url = url(value);
					case "--orders" -> orders = Long.parseLong(value);
					case "--duration" -> duration = duration(value);
					case "--concurrency" -> concurrency = Integer.parseInt(value);
					case "--rate" -> rate = Double.parseDouble(value);
					case "--mix" -> mix = OrderMix.parse(value);
					case "--id-prefix" -> idPrefix = value;
					case "--json" -> json = Path.of(value);
					case "--timeout" -> timeout = duration(value);
					default -> throw new IllegalArgumentException("Unknown option " + name + "; see --help");
				}
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(name + " needs a number, got '" + value + "'");
			}
		}
		if (duration != null && orders != null) {
			throw new IllegalArgumentException("Give --orders or --duration, not both");
		}
		long count = (duration != null) ? 0 : (orders != null) ? orders : 1000;
		return new TrafficOptions(url, count, duration, concurrency, rate, mix, idPrefix, json, timeout, progress);
	}

	/** The options that take a value. */
	private static final Set<String> OPTIONS = Set.of("--url", "--orders", "--duration", "--concurrency", "--rate",
			"--mix", "--id-prefix", "--json", "--timeout");

	/**
	 * An http(s) address with a host: {@code localhost:8080} alone would parse as a
	 * scheme.
	 */
	private static URI url(String value) {
		try {
			URI url = new URI(value);
			if (("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null) {
				return url;
			}
		}
		catch (URISyntaxException ex) {
			// below
		}
		throw new IllegalArgumentException(
				"--url needs an http:// or https:// address with a host, e.g. http://localhost:8080; got '" + value
						+ "'");
	}

	private static Duration duration(String value) {
		String v = value.trim().toLowerCase(Locale.ROOT);
		try {
			if (v.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
			}
			long amount = Long.parseLong(v.substring(0, v.length() - 1));
			return switch (v.charAt(v.length() - 1)) {
				case 's' -> Duration.ofSeconds(amount);
				case 'm' -> Duration.ofMinutes(amount);
				case 'h' -> Duration.ofHours(amount);
				default -> throw new NumberFormatException();
			};
		}
		catch (NumberFormatException | StringIndexOutOfBoundsException ex) {
			throw new IllegalArgumentException("'" + value + "' is not a duration; write e.g. 500ms, 30s, 2m or 1h");
		}
	}

}
