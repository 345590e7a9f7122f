package dev.observableorders.payment;

import java.math.BigDecimal;

/**
 * @param chargeReference the gateway's reference of the charge to give back
 * @param amount in dollars, exact to the cent
 * @param idempotencyKey derived from the order: the same for every attempt to refund it
 */
public record RefundRequest(String orderId, String chargeReference, BigDecimal amount, String idempotencyKey) {

}
