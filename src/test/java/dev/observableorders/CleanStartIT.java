package dev.observableorders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observableorders.support.Ingress;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceProcess;
import dev.observableorders.support.StubPaymentGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A clean start, an order and a browser's visit to the pages write no WARN or ERROR line:
 * a warning in the log means something, so none may be routine.
 */
class CleanStartIT {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void aCleanStartAnOrderAndPageViewsLogNoWarningOrError() throws Exception {
		try (RestateServer restate = RestateServer.startFresh();
				StubPaymentGateway gateway = new StubPaymentGateway();
				ServiceProcess service = ServiceProcess.start(restate, "--payment.gateway.url=" + gateway.url())) {
			new Ingress(restate.ingressUrl()).processOrder("clean-1", Ingress.seedOrder("clean-1", "cust-1"));
			HttpClient http = HttpClient.newHttpClient();
			for (String path : List.of("/orders", "/orders/clean-1", "/favicon.ico", "/orders/never-sent")) {
				HttpResponse<Void> view = http.send(HttpRequest.newBuilder(service.managementUrl().resolve(path))
					.header("Accept", "text/html")
					.build(), HttpResponse.BodyHandlers.discarding());
				assertThat(view.statusCode()).as(path).isLessThan(500);
			}
			service.close();

			List<String> lines = Files.readAllLines(service.log());
			assertThat(lines).as("the service wrote its log").isNotEmpty();
			assertThat(lines).filteredOn((line) -> {
				if (!line.startsWith("{")) {
					// Logback's own status lines are plain text
					return line.contains("WARN") || line.contains("ERROR");
				}
				JsonNode parsed = parse(line);
				return parsed.path("level").asText().matches("WARN|ERROR");
			}).isEmpty();
		}
	}

	private static JsonNode parse(String line) {
		try {
			return JSON.readTree(line);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
