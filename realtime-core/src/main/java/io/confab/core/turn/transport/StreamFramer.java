package io.confab.core.turn.transport;

import io.confab.core.turn.StreamFraming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Netty's side of {@link StreamFraming}: cuts a TURN-over-TCP byte stream into whole STUN messages
 * and ChannelData frames (RFC 8656 section 12.5); a stream that is not TURN closes.
 */
final class StreamFramer extends ByteToMessageDecoder {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= StreamFraming.MIN_PEEK) {
            byte[] head = ByteBufUtil.getBytes(in, in.readerIndex(), StreamFraming.MIN_PEEK, false);
            StreamFraming.Frame frame = StreamFraming.next(head, 0, head.length);
            if (frame instanceof StreamFraming.Complete complete) {
                if (in.readableBytes() < complete.length()) {
                    return;
                }
                out.add(in.readRetainedSlice(complete.length()));
            } else if (frame instanceof StreamFraming.Corrupt) {
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            } else {
                return;
            }
        }
    }
}
