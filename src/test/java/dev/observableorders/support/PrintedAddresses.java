package dev.observableorders.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The addresses a launch banner prints, for a test that asks each of them: a banner that
 * sends a newcomer to a 404 (Prometheus 2.42 has no {@code /alerts}) is worse than none.
 */
public final class PrintedAddresses {

	/**
	 * Labels of addresses that take requests for services, not pages: any HTTP answer at
	 * their root (Restate's ingress answers 400) shows they are there.
	 */
	private static final Set<String> REQUEST_ROOTS = Set.of("ingress", "endpoint");

	private static final Pattern LABELLED = Pattern.compile("(\\S+)\\s+(https?://[^\\s)]+)");

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NORMAL)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	/** One address and the word printed before it ("metrics", "alerts", "ingress"). */
	public record Address(String label, URI uri) {

		/**
		 * Whether {@code status} is the answer this address should give: a page, 2xx or
		 * 3xx; a request root, any answer below 500.
		 */
		public boolean answersWith(int status) {
			return REQUEST_ROOTS.contains(this.label) ? status >= 200 && status < 500 : status >= 200 && status < 400;
		}

	}

	private PrintedAddresses() {
	}

	/** Every address printed in {@code banner}, except in the commands it suggests. */
	public static List<Address> in(String banner) {
		List<Address> addresses = new ArrayList<>();
		for (String line : banner.split("\n")) {
			if (line.contains("curl ") || line.contains("restatectl")) {
				continue;
			}
			Matcher matcher = LABELLED.matcher(line);
			while (matcher.find()) {
				addresses.add(new Address(matcher.group(1), URI.create(matcher.group(2))));
			}
		}
		return addresses;
	}

	/** The status a GET answers, after redirects; 0 when nothing answers. */
	public static int status(URI uri) {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

}
