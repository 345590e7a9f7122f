package dev.observableorders.payment;

/**
 * Cancels whatever charge the gateway holds under {@code chargeKey}, for a charge whose
 * outcome never reached us.
 *
 * @param chargeKey the idempotency key the charge was (or may have been) sent with
 * @param idempotencyKey the void's own key, derived from the order
 */
public record VoidRequest(String orderId, String chargeKey, String idempotencyKey) {

}
