package dev.observableorders.fulfillment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * A warehouse over HTTP (docs/orders.md, "Warehouse contract"): {@code POST /shipments}
 * {@code {"orderId","customerId","items"}} with the order's {@code Idempotency-Key},
 * answered {@code 2xx {"shipmentId":…}}; a repeated key gets the first shipment. Every
 * failure — no answer within the timeout, any other status, an answer without a plain
 * shipment id — is a {@link FulfillmentUnavailableException}, which the fulfilment step
 * retries within its attempts before the order is refunded. Nothing the warehouse wrote
 * is passed on: messages name the status code only.
 */
class HttpWarehouse implements Fulfillment {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** Shipment ids are stored and shown in results: only plain identifiers. */
	private static final Pattern SHIPMENT_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");

	private final RestClient client;

	private final WarehouseProperties properties;

	HttpWarehouse(WarehouseProperties properties) {
		this.properties = properties;
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.timeout())
			.build());
		requests.setReadTimeout(properties.timeout());
		this.client = RestClient.builder().baseUrl(properties.url().toString()).requestFactory(requests).build();
	}

	@Override
	public String fulfil(FulfillmentRequest request) {
		Map<String, Object> body = Map.of("orderId", request.orderId(), "customerId", request.customerId(), "items",
				request.items());
		try {
			return this.client.post()
				.uri("/shipments")
				.header("Idempotency-Key", request.requestKey())
				.contentType(MediaType.APPLICATION_JSON)
				.body(JSON.writeValueAsString(body))
				.exchange((sent, answer) -> {
					int status = answer.getStatusCode().value();
					if (status / 100 != 2) {
						throw new FulfillmentUnavailableException(
								"the warehouse answered the hand-over with " + status);
					}
					return shipmentId(answer.getBody().readNBytes((int) this.properties.maxAnswerSize().toBytes() + 1));
				});
		}
		catch (ResourceAccessException ex) {
			throw new FulfillmentUnavailableException(
					"the warehouse did not answer the hand-over " + ((ex.getCause() instanceof HttpTimeoutException)
							? "within " + this.properties.timeout().toMillis() + " ms"
							: "(" + ((ex.getCause() != null) ? ex.getCause().getClass().getSimpleName() : "I/O error")
									+ ")"));
		}
		catch (IOException ex) {
			throw new FulfillmentUnavailableException("the hand-over could not be written as JSON");
		}
	}

	private String shipmentId(byte[] answer) {
		if (answer.length > this.properties.maxAnswerSize().toBytes()) {
			throw new FulfillmentUnavailableException("the warehouse gave an answer over "
					+ this.properties.maxAnswerSize().toKilobytes() + " KB to the hand-over");
		}
		JsonNode id;
		try {
			id = JSON.readTree(answer).path("shipmentId");
		}
		catch (IOException ex) {
			throw new FulfillmentUnavailableException("the warehouse answered the hand-over with invalid JSON");
		}
		if (!id.isTextual() || !SHIPMENT_ID.matcher(id.asText()).matches()) {
			throw new FulfillmentUnavailableException(
					"the warehouse answered the hand-over without a plain shipment id");
		}
		return id.asText();
	}

}
