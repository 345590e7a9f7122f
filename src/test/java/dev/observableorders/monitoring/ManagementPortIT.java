package dev.observableorders.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observableorders.support.RealRestateTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The management port serves health, info, the Prometheus scrape and the order pages
 * ({@code OrderStoryIT}), and nothing else.
 */
class ManagementPortIT extends RealRestateTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void readinessIsUpOnceTheEndpointListensAndIsRegistered() throws Exception {
		HttpResponse<String> readiness = get("/health/readiness");

		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"status\":\"UP\"");
		assertThat(get("/health/liveness").statusCode()).isEqualTo(200);
		assertThat(get("/info").statusCode()).isEqualTo(200);
		assertThat(get("/metrics").headers().firstValue("content-type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain"));
	}

	@Test
	void simulatedPaymentsAreShownInInfoAndMetrics() throws Exception {
		assertThat(get("/info").body()).contains("\"payment\":{\"mode\":\"simulated\"}");
		assertThat(scrape().value("payment_gateway_simulated{application=\"order-service\"}")).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/env", "/beans", "/configprops", "/loggers", "/heapdump", "/actuator", "/prometheus",
			"/OrderService/x/GetStatus" })
	void nothingElseIsExposed(String path) throws Exception {
		assertThat(get(path).statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
