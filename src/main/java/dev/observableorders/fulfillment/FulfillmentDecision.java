package dev.observableorders.fulfillment;

/**
 * The warehouse's definite answer to a hand-over.
 *
 * @param shipmentId the warehouse's id for the shipment when accepted, null when refused
 * @param refusal why the warehouse refused it: its status code, never its text
 */
public record FulfillmentDecision(boolean accepted, String shipmentId, String refusal) {

	public static FulfillmentDecision accepted(String shipmentId) {
		return new FulfillmentDecision(true, shipmentId, null);
	}

	public static FulfillmentDecision refused(String refusal) {
		return new FulfillmentDecision(false, null, refusal);
	}

}
