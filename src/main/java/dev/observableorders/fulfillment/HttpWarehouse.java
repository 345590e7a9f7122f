package dev.observableorders.fulfillment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.observableorders.partner.PartnerClient;
import dev.observableorders.partner.PartnerConnection;
import java.util.regex.Pattern;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.web.client.RestClient;

/**
 * A warehouse over HTTP (docs/orders.md, "Warehouse contract"), with the order's
 * idempotency keys:
 * <ul>
 * <li>{@code POST /shipments} {@code {"orderId","customerId","items"}}: {@code 2xx
 * {"shipmentId":…}}; a repeated key gets the first shipment;</li>
 * <li>{@code POST /shipments/{handOverKey}/cancel} {@code {"orderId"}}: {@code 200
 * {"status":"cancelled"}}, {@code {"status":"not_found"}} or
 * {@code {"status":"shipped","fulfillmentId":…}}.</li>
 * </ul>
 * Which answers are unknown outcomes (retried under the same key) and which are refusals:
 * {@link PartnerClient}. A refused hand-over is an answer (the order is refunded at
 * once); a 2xx without a plain shipment id is unknown; a cancel answered with anything
 * else is refused for good.
 */
class HttpWarehouse implements Fulfillment {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** Shipment ids are stored and shown in results: only plain identifiers. */
	private static final Pattern SHIPMENT_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");

	private final PartnerClient client;

	HttpWarehouse(PartnerConnection connection, RestClient.Builder restClient, SslBundles sslBundles) {
		this.client = new PartnerClient("warehouse", connection, restClient, sslBundles,
				FulfillmentUnavailableException::new, FulfillmentRejectedException::new);
	}

	@Override
	public FulfillmentDecision fulfil(FulfillmentRequest request) {
		ObjectNode body = JSON.createObjectNode()
			.put("orderId", request.orderId())
			.put("customerId", request.customerId());
		request.items().forEach(body.putArray("items")::add);
		JsonNode answer;
		try {
			answer = this.client.post("hand-over", "/shipments", request.requestKey(), body);
		}
		catch (FulfillmentRejectedException ex) {
			return FulfillmentDecision.refused(ex.getMessage());
		}
		String shipmentId = plainId(answer.path("shipmentId"));
		if (shipmentId == null) {
			throw new FulfillmentUnavailableException("warehouse answered the hand-over without a plain shipment id");
		}
		return FulfillmentDecision.accepted(shipmentId);
	}

	@Override
	public CancelOutcome cancel(CancelRequest request) {
		ObjectNode body = JSON.createObjectNode().put("orderId", request.orderId());
		JsonNode answer = this.client.post("cancel", "/shipments/{handOverKey}/cancel", request.idempotencyKey(), body,
				request.handOverKey());
		return switch (answer.path("status").asText()) {
			case "cancelled" -> CancelOutcome.cancelled();
			case "not_found" -> CancelOutcome.notFound();
			case "shipped" -> {
				String fulfillmentId = plainId(answer.path("fulfillmentId"));
				if (fulfillmentId == null) {
					throw unexpected();
				}
				yield CancelOutcome.shipped(fulfillmentId);
			}
			default -> throw unexpected();
		};
	}

	private static String plainId(JsonNode id) {
		return (id.isTextual() && SHIPMENT_ID.matcher(id.asText()).matches()) ? id.asText() : null;
	}

	private static FulfillmentRejectedException unexpected() {
		return new FulfillmentRejectedException("warehouse gave an unexpected answer to the cancel");
	}

}
