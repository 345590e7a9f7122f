package dev.observableorders.payment;

/**
 * @param chargeReference the gateway's reference of the charge to give back
 * @param idempotencyKey the same for every attempt to refund this charge
 */
public record RefundRequest(String orderId, String chargeReference, double amount, String idempotencyKey) {

}
