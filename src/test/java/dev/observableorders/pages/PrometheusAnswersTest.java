package dev.observableorders.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.sun.net.httpserver.HttpServer;
import dev.observableorders.support.RestateServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The client of Prometheus' query API behind {@code /orders}: what it asks, how it reads
 * the answers, and that it fails in its own words. The answers of a real Prometheus are
 * checked in {@code DashboardQueriesIT}.
 */
class PrometheusAnswersTest {

	@Test
	void asksTheDashboardsExpressionsForTheConfiguredJobAndReadsTheirValues() throws Exception {
		List<String> queries = new CopyOnWriteArrayList<>();
		HttpServer prometheus = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		prometheus.createContext("/api/v1/query", (exchange) -> {
			String query = java.net.URLDecoder.decode(exchange.getRequestURI().getRawQuery().substring(6),
					StandardCharsets.UTF_8);
			queries.add(query);
			String value = query.startsWith("histogram_quantile") ? "NaN" : query.startsWith("max") ? "3" : "0.75";
			byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
					+ "\"value\":[1764600000.0,\"" + value + "\"]}]}}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		prometheus.start();
		try {
			PrometheusAnswers answers = new PrometheusAnswers(
					properties("http://127.0.0.1:" + prometheus.getAddress().getPort(), "orders-eu"));

			OrdersOverview.Answers read = answers.read();

			assertThat(read.successRate()).isEqualTo(0.75);
			assertThat(read.p99Seconds()).as("NaN: no order in the window").isNull();
			assertThat(read.inFlight()).isEqualTo(3.0);
			assertThat(read.source()).isEqualTo("prometheus");
			assertThat(queries).hasSize(4).allSatisfy((query) -> assertThat(query).contains("job=\"orders-eu\""));
			assertThat(queries.get(0)).isEqualTo("sum(rate(orders_total{job=\"orders-eu\",status=\"success\"}[5m]))"
					+ " / sum(rate(orders_total{job=\"orders-eu\"}[5m]))");
		}
		finally {
			prometheus.stop(0);
		}
	}

	@Test
	void aPrometheusThatCannotBeAskedIsReportedInOurWords() {
		PrometheusAnswers answers = new PrometheusAnswers(
				properties("http://127.0.0.1:" + RestateServer.freePort(), "order-service"));

		assertThatIOException().isThrownBy(answers::read).withMessageStartingWith("Prometheus cannot be asked (");
	}

	@Test
	void aJobNameThatWouldChangeTheQueryIsRefusedAtStart() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PrometheusAnswers(properties("http://127.0.0.1:9091", "x\"} or vector(1) #")))
			.withMessageContaining("orders.pages.prometheus-job");
	}

	@Test
	void withoutAUrlNothingIsAsked() {
		assertThat(new PrometheusAnswers(properties("", "order-service")).configured()).isFalse();
	}

	private static PagesProperties properties(String url, String job) {
		return new PagesProperties("", "", 10_000, url, job, true, false, Duration.ofSeconds(1), 4);
	}

}
