package dev.observableorders.fulfillment;

/**
 * Cancels whatever shipment the warehouse holds under {@code handOverKey}, for a
 * hand-over whose answer never reached us.
 *
 * @param handOverKey the idempotency key the hand-over was (or may have been) sent with
 * @param idempotencyKey the cancel's own key, derived from the order
 */
public record CancelRequest(String orderId, String handOverKey, String idempotencyKey) {

}
