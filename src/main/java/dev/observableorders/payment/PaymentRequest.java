package dev.observableorders.payment;

/**
 * @param idempotencyKey the same for every attempt to charge this order, as payment
 * providers require to never charge twice
 */
public record PaymentRequest(String orderId, String customerId, double amount, String idempotencyKey) {

}
