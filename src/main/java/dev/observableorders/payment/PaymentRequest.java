package dev.observableorders.payment;

import java.math.BigDecimal;

/**
 * @param amount in dollars, exact to the cent; the gateway receives it in cents
 * @param idempotencyKey derived from the order, so every attempt of every invocation that
 * charges this order uses it: payment providers charge a key once
 */
public record PaymentRequest(String orderId, String customerId, BigDecimal amount, String idempotencyKey) {

}
