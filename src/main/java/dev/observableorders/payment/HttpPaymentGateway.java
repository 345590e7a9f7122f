package dev.observableorders.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A payment gateway over HTTP, in the style of card processors' APIs:
 * <ul>
 * <li>{@code POST /charges} {@code {"orderId","customerId","amount"}} with an
 * {@code Idempotency-Key} header; {@code 200 {"status":"approved","reference":…}} or
 * {@code 200 {"status":"declined","reason":…}};</li>
 * <li>{@code POST /refunds} {@code {"orderId","chargeReference","amount"}} with an
 * {@code Idempotency-Key}; {@code 200 {"status":"refunded","reference":…}}.</li>
 * </ul>
 * 5xx, 429, timeouts and refused connections are transient; any other 4xx is final.
 */
class HttpPaymentGateway implements PaymentGateway {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final PaymentGatewayProperties properties;

	private final HttpClient http;

	HttpPaymentGateway(PaymentGatewayProperties properties) {
		this.properties = properties;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.timeout())
			.build();
	}

	@Override
	public PaymentDecision charge(PaymentRequest request) {
		ObjectNode body = JSON.createObjectNode()
			.put("orderId", request.orderId())
			.put("customerId", request.customerId())
			.put("amount", request.amount());
		JsonNode answer = post("/charges", request.idempotencyKey(), body);
		return switch (answer.path("status").asText()) {
			case "approved" -> PaymentDecision.approved(answer.path("reference").asText());
			case "declined" -> PaymentDecision.declined(answer.path("reason").asText("declined"));
			default -> throw new PaymentRejectedException("Unexpected answer from the payment gateway: " + answer);
		};
	}

	@Override
	public String refund(RefundRequest request) {
		ObjectNode body = JSON.createObjectNode()
			.put("orderId", request.orderId())
			.put("chargeReference", request.chargeReference())
			.put("amount", request.amount());
		JsonNode answer = post("/refunds", request.idempotencyKey(), body);
		if (!"refunded".equals(answer.path("status").asText())) {
			throw new PaymentRejectedException("Unexpected answer from the payment gateway: " + answer);
		}
		return answer.path("reference").asText();
	}

	private JsonNode post(String path, String idempotencyKey, ObjectNode body) {
		HttpRequest request = HttpRequest
			.newBuilder(this.properties.url().resolve(this.properties.url().getPath().replaceAll("/$", "") + path))
			.timeout(this.properties.timeout())
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", idempotencyKey)
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
			.build();
		HttpResponse<String> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new PaymentUnavailableException("payment gateway did not answer " + path + ": " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PaymentUnavailableException("interrupted while calling the payment gateway");
		}
		int status = response.statusCode();
		if (status >= 500 || status == 429) {
			throw new PaymentUnavailableException("payment gateway answered " + status + " to " + path);
		}
		if (status / 100 != 2) {
			throw new PaymentRejectedException(
					"payment gateway refused " + path + " with " + status + ": " + response.body());
		}
		try {
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new PaymentUnavailableException("payment gateway answered " + path + " with invalid JSON");
		}
	}

}
