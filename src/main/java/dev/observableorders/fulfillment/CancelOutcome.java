package dev.observableorders.fulfillment;

/**
 * The warehouse's definite answer to a cancel.
 *
 * @param fulfillmentId the shipment's id when it had already shipped, else null
 */
public record CancelOutcome(Status status, String fulfillmentId) {

	public enum Status {

		/** A shipment existed under the key and will not ship. */
		CANCELLED,

		/** No shipment exists under the key; none will be made under it afterwards. */
		NOT_FOUND,

		/** The shipment had already left: the goods are on their way. */
		SHIPPED

	}

	public static CancelOutcome cancelled() {
		return new CancelOutcome(Status.CANCELLED, null);
	}

	public static CancelOutcome notFound() {
		return new CancelOutcome(Status.NOT_FOUND, null);
	}

	public static CancelOutcome shipped(String fulfillmentId) {
		return new CancelOutcome(Status.SHIPPED, fulfillmentId);
	}

}
