package dev.observableorders.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.observableorders.support.StubPaymentGateway.Operation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The test double's own contract, which the soak and the money tests rely on: like an
 * idempotent processor, it answers a key it has seen as that request, before any fault a
 * test scripted. The soak found what happens otherwise: a refund's retry, sent while the
 * first request was still in progress, was told "refused" after the money moved.
 */
class StubPaymentGatewayTest {

	private final StubPaymentGateway gateway = new StubPaymentGateway();

	private final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void close() {
		this.gateway.close();
	}

	@Test
	void retryOfAnInProgressRefundIsToldInProgressNotAScriptedRefusal() throws Exception {
		assertThat(charge("charge-1").body()).contains("\"approved\"");
		this.gateway.latency(Operation.REFUND, Duration.ofSeconds(2));
		CompletableFuture<HttpResponse<String>> first = refundAsync("refund-1");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.gateway.inProgress() == 1);
		this.gateway.answer(Operation.REFUND, -1, 422, "{\"error\":\"refused (scripted)\"}");

		HttpResponse<String> retry = refundAsync("refund-1").get();

		assertThat(retry.statusCode()).isEqualTo(409);
		assertThat(first.get().statusCode()).isEqualTo(200);
		HttpResponse<String> retryAfterwards = refundAsync("refund-1").get();
		assertThat(retryAfterwards.statusCode()).isEqualTo(200);
		assertThat(retryAfterwards.body()).isEqualTo(first.get().body());
		assertThat(this.gateway.refunds("order-1")).hasSize(1);
		assertThat(refundAsync("refund-2").get().statusCode()).as("a new key gets the scripted answer").isEqualTo(422);
	}

	@Test
	void completedChargeKeepsItsAnswerWhileNewKeysGetTheScriptedFault() throws Exception {
		HttpResponse<String> approved = charge("charge-1");
		this.gateway.answer(Operation.CHARGE, -1, 503, "{\"error\":\"down (scripted)\"}");

		HttpResponse<String> repeat = charge("charge-1");

		assertThat(repeat.statusCode()).isEqualTo(200);
		assertThat(repeat.body()).isEqualTo(approved.body());
		assertThat(charge("charge-2").statusCode()).isEqualTo(503);
		assertThat(this.gateway.charges("order-1")).isEqualTo(1);
	}

	private HttpResponse<String> charge(String key) throws IOException, InterruptedException {
		return this.http.send(
				post("/charges", key,
						"{\"orderId\":\"order-1\",\"customerId\":\"cust-1\",\"amount\":9999,\"currency\":\"USD\"}"),
				HttpResponse.BodyHandlers.ofString());
	}

	private CompletableFuture<HttpResponse<String>> refundAsync(String key) {
		return this.http.sendAsync(
				post("/refunds", key, "{\"orderId\":\"order-1\",\"chargeReference\":\"ch_charge-1\",\"amount\":9999}"),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest post(String path, String key, String body) {
		return HttpRequest.newBuilder(URI.create(this.gateway.url() + path))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

}
