package dev.observableorders.restate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows what Restate knows of this instance, not what it knew at start-up.
 */
class ReadinessIT {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static RestateServer restate;

	private static ServiceProcess service;

	@BeforeAll
	static void start() {
		restate = RestateServer.startFresh();
		service = ServiceProcess.start(restate);
	}

	@AfterAll
	static void stop() {
		service.close();
		restate.close();
	}

	@Test
	void readinessGoesDownWhenRestateForgetsTheDeploymentAndUpWhenItIsBack() throws Exception {
		assertThat(readiness().statusCode()).isEqualTo(200);

		String id = new ObjectMapper().readTree(send("GET", restate.adminUrl().resolve("/deployments"), null).body())
			.path("deployments")
			.path(0)
			.path("id")
			.asText();
		assertThat(send("DELETE", restate.adminUrl().resolve("/deployments/" + id + "?force=true"), null).statusCode())
			.isLessThan(300);

		await().atMost(Duration.ofSeconds(10)).until(() -> readiness().statusCode() == 503);
		assertThat(send("GET", service.managementUrl().resolve("/health/liveness"), null).statusCode()).isEqualTo(200);

		send("POST", restate.adminUrl().resolve("/deployments"), "{\"uri\":\"" + service.endpointUrl() + "\"}");

		await().atMost(Duration.ofSeconds(10)).until(() -> readiness().statusCode() == 200);
	}

	private static HttpResponse<String> readiness() throws Exception {
		return send("GET", service.managementUrl().resolve("/health/readiness"), null);
	}

	private static HttpResponse<String> send(String method, URI uri, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri);
		if (json != null) {
			request.header("content-type", "application/json");
		}
		request.method(method,
				json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
