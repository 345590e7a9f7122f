package dev.observableorders.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a Prometheus text exposition: series (name and labels as written) to
 * values.
 */
public final class PrometheusScrape {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)");

	private final String text;

	private final Map<String, Double> samples;

	private PrometheusScrape(String text) {
		this.text = text;
		this.samples = new LinkedHashMap<>();
		text.lines()
			.map(SAMPLE::matcher)
			.filter(Matcher::find)
			.forEach((m) -> this.samples.put(m.group(1), Double.parseDouble(m.group(2))));
	}

	public static PrometheusScrape of(URI uri) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("Scrape of " + uri + " answered " + response.statusCode());
			}
			return new PrometheusScrape(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public String text() {
		return this.text;
	}

	public Map<String, Double> samples() {
		return this.samples;
	}

	/**
	 * The sum over every series of a metric whose labels contain each of {@code labels}
	 * (written as exposed, e.g. {@code state="dead"}); 0 when there is none.
	 */
	public double sum(String metric, String... labels) {
		return this.samples.entrySet()
			.stream()
			.filter((sample) -> sample.getKey().equals(metric) || sample.getKey().startsWith(metric + "{"))
			.filter((sample) -> java.util.Arrays.stream(labels).allMatch(sample.getKey()::contains))
			.mapToDouble(Map.Entry::getValue)
			.sum();
	}

	/** The value of one series, written exactly as exposed, or 0 when absent. */
	public double value(String series) {
		return this.samples.getOrDefault(series, 0.0);
	}

}
