package dev.observableorders.restate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observableorders.support.Ingress;
import dev.observableorders.restate.endpoint.RequestIdentityKeys;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code restate.sdk.identity-key} set, the endpoint answers only requests signed by
 * a Restate server holding the matching private key.
 */
class RequestIdentityIT {

	private static RestateServer restate;

	private static ServiceProcess service;

	@BeforeAll
	static void startSigningServerAndVerifyingService() throws Exception {
		RequestIdentityKeys keys = RequestIdentityKeys.generate();
		Path privateKey = keys.writePrivateKey(Files.createTempDirectory("restate-identity-").resolve("private.pem"));
		restate = RestateServer.startFresh(
				Map.of("RESTATE_WORKER__INVOKER__REQUEST_IDENTITY_PRIVATE_KEY_PEM_FILE", privateKey.toString()));
		// all interfaces, as in a container: allowed because requests must be signed
		service = ServiceProcess.start(restate, "--restate.sdk.identity-key=" + keys.publicKey(),
				"--restate.deployment.bind-address=0.0.0.0");
	}

	@AfterAll
	static void stop() {
		service.close();
		restate.close();
	}

	@Test
	void callsThroughTheSigningRestateServerSucceed() {
		Ingress.Reply reply = new Ingress(restate.ingressUrl()).processOrder("signed-1",
				"{\"customerId\":\"c\",\"items\":[\"a\"],\"total\":10}");

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.field("status")).isIn("completed", "payment_declined");
	}

	@Test
	void unsignedCallsToTheEndpointAreRejected() throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		for (String path : new String[] { "/discover", "/invoke/OrderService/ProcessOrder" }) {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(service.endpointUrl().resolve(path))
				.header("content-type", "application/vnd.restate.invocation.v5")
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(response.statusCode()).as(path).isEqualTo(401);
		}
	}

	@Test
	void aRestateServerWithoutTheKeyCannotRegisterTheService() throws Exception {
		try (RestateServer unsigned = RestateServer.startFresh()) {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(unsigned.adminUrl().resolve("/deployments"))
					.header("content-type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"uri\":\"" + service.endpointUrl() + "\"}"))
					.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
			assertThat(response.body()).contains("401");
		}
	}

}
