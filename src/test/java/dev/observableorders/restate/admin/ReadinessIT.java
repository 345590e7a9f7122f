package dev.observableorders.restate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows what Restate knows of this instance, not what it knew at start-up.
 */
class ReadinessIT {

	private static final String REACHABLE = "restate_admin_reachable{application=\"order-service\"}";

	private static final HttpClient http = HttpClient.newHttpClient();

	private static RestateServer restate;

	private static ServiceProcess service;

	@BeforeAll
	static void start() {
		restate = RestateServer.startFresh();
		service = ServiceProcess.start(restate, "--restate.deployment.check-interval=500ms");
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

	@Test
	void probesAnswerFromTheLastCheckWhileRestatesAdminApiHangs() throws Exception {
		// takes every connection and never answers
		try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				ServiceProcess alone = ServiceProcess.startUnregistered(
						"--restate.deployment.admin-url=http://127.0.0.1:" + hung.getLocalPort(),
						"--restate.deployment.register=false", "--restate.deployment.check-interval=500ms",
						"--orders.active-refresh=500ms")) {
			List<Socket> held = new CopyOnWriteArrayList<>();
			Thread acceptor = new Thread(() -> {
				while (!hung.isClosed()) {
					try {
						held.add(hung.accept());
					}
					catch (IOException closed) {
						return;
					}
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			await("a state query hanging on Restate's admin API").atMost(Duration.ofSeconds(30))
				.until(() -> !held.isEmpty());

			HttpResponse<String> readiness = http
				.send(HttpRequest.newBuilder(alone.managementUrl().resolve("/health/readiness"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString());

			// UNKNOWN keeps the instance in rotation: orders do not need the admin API
			assertThat(readiness.statusCode()).isEqualTo(200);
			assertThat(alone.scrape().value("restate_deployment_registered{application=\"order-service\"}")).isNaN();
			assertThat(alone.scrape().value("orders_active{application=\"order-service\"}")).isNaN();
			assertThat(alone.scrape().value(REACHABLE)).isZero();
			for (Socket socket : held) {
				socket.close();
			}
		}
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
