package dev.observableorders.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * The seed's dashboard questions asked of Prometheus
 * ({@code orders.pages.prometheus-url}), with the Orders dashboard's own expressions over
 * the last 5 minutes: the answers then cover every instance, not only this one. The one
 * client of Prometheus' query API.
 */
@Component
class PrometheusAnswers {

	/** The range of the rates: the dashboard's default. */
	static final Duration WINDOW = Duration.ofMinutes(5);

	private static final String RANGE = "[" + WINDOW.toMinutes() + "m]";

	private static final Pattern PLAIN_JOB = Pattern.compile("[A-Za-z0-9_.:-]+");

	private static final ObjectMapper JSON = new ObjectMapper();

	private final RestClient prometheus;

	private final String job;

	PrometheusAnswers(PagesProperties properties) {
		this.job = properties.prometheusJob();
		if (!PLAIN_JOB.matcher(this.job).matches()) {
			throw new IllegalArgumentException("orders.pages.prometheus-job must be a plain job name (letters, digits,"
					+ " _ . : -), got '" + this.job + "'");
		}
		if (properties.prometheusUrl().isBlank()) {
			this.prometheus = null;
			return;
		}
		// HTTP/1.1: Prometheus serves it; no upgrade attempt on every new connection
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(1))
			.build());
		// the page waits: a slow Prometheus costs it this much, then it uses the meters
		requests.setReadTimeout(Duration.ofSeconds(2));
		this.prometheus = RestClient.builder().requestFactory(requests).baseUrl(properties.prometheusUrl()).build();
	}

	boolean configured() {
		return this.prometheus != null;
	}

	/**
	 * @throws IOException when Prometheus cannot be asked, refuses a query or answers
	 * something else than a vector
	 */
	OrdersOverview.Answers read() throws IOException {
		String orders = "orders_total{job=\"" + this.job + "\"}";
		String successes = "orders_total{job=\"" + this.job + "\",status=\"success\"}";
		Double successRate = value("sum(rate(" + successes + RANGE + ")) / sum(rate(" + orders + RANGE + "))");
		Double p99 = value("histogram_quantile(0.99, sum by (le) (rate(order_processing_seconds_bucket{job=\""
				+ this.job + "\"}" + RANGE + ")))");
		Double inFlight = value("max(orders_active{job=\"" + this.job + "\"})");
		Double decided = value("sum(increase(" + orders + RANGE + "))");
		return new OrdersOverview.Answers(successRate, p99, inFlight, (decided != null) ? Math.round(decided) : 0,
				OrdersOverview.Answers.PROMETHEUS, null);
	}

	/** The single value of an instant query; null when it has none or is not a number. */
	private Double value(String query) throws IOException {
		String body;
		try {
			body = this.prometheus.get()
				.uri((uri) -> uri.path("/api/v1/query").queryParam("query", "{query}").build(query))
				.retrieve()
				.body(String.class);
		}
		catch (RestClientResponseException ex) {
			throw new IOException("Prometheus answered HTTP " + ex.getStatusCode().value());
		}
		catch (RestClientException ex) {
			throw new IOException("Prometheus cannot be asked (" + ((ex.getMostSpecificCause() != null)
					? ex.getMostSpecificCause().getClass().getSimpleName() : ex.getClass().getSimpleName()) + ")");
		}
		JsonNode answer = JSON.readTree((body != null) ? body : "{}");
		if (!"success".equals(answer.path("status").asText())
				|| !"vector".equals(answer.path("data").path("resultType").asText())) {
			throw new IOException("Prometheus gave no vector for " + query);
		}
		JsonNode result = answer.path("data").path("result");
		if (result.isEmpty()) {
			return null;
		}
		double value = Double.parseDouble(result.path(0).path("value").path(1).asText("NaN"));
		return Double.isFinite(value) ? value : null;
	}

}
