package io.hashslot.server;

import io.hashslot.commands.script.BusyGate;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits in front of {@link ClientChannelHandler} and brackets every connection event with the node's
 * {@link BusyGate}, so that while a script runs in busy mode the event loop touches node state only when the script
 * thread does not.
 */
final class GateHandler extends ChannelInboundHandlerAdapter {
    private final BusyGate gate;

    GateHandler(BusyGate gate) {
        this.gate = gate;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        gate.run(ctx::fireChannelActive);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        gate.run(() -> ctx.fireChannelRead(msg));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        gate.run(ctx::fireChannelReadComplete);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        gate.run(ctx::fireChannelInactive);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        gate.run(() -> ctx.fireExceptionCaught(cause));
    }
}
