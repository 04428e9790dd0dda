package io.confab.jobs.recording.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.jobs.recording.Participant;
import io.confab.media.picture.I420Frame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Canvas} and {@link Compositor} on plain pictures, read back from the canvas's luma plane. */
class CompositorTest {

    static final int WHITE = 235;

    @Test
    void aPictureDrawnIntoATileKeepsItsAspectWithBarsBesideIt() {
        Canvas canvas = new Canvas(Layout.WIDTH, Layout.HEIGHT);
        canvas.clear();
        Tile tile = new Tile(100, 100, 640, 360);
        // 4:3 into 16:9: 480 wide at full height, bars of 80 on each side.
        canvas.draw(picture(640, 480, WHITE), tile);

        assertEquals(WHITE, luma(canvas, 100 + 320, 100 + 180), "picture at the tile's centre");
        assertEquals(WHITE, luma(canvas, 100 + 80 + 2, 100 + 2), "picture from x = 80 and the tile's top");
        assertEquals(WHITE, luma(canvas, 100 + 560 - 3, 100 + 357), "picture to x = 560 and the tile's bottom");
        assertEquals(Canvas.BACKGROUND[0], luma(canvas, 100 + 40, 100 + 180), "left bar is background");
        assertEquals(Canvas.BACKGROUND[0], luma(canvas, 100 + 600, 100 + 180), "right bar is background");
        assertEquals(Canvas.BACKGROUND[0], luma(canvas, 99, 99), "nothing drawn outside the tile");
    }

    @Test
    void aWidePictureGetsBarsAboveAndBelow() {
        Canvas canvas = new Canvas(Layout.WIDTH, Layout.HEIGHT);
        canvas.clear();
        Tile tile = new Tile(0, 0, 640, 480);
        canvas.draw(picture(1280, 720, WHITE), tile);
        // 16:9 into 4:3: 360 high, bars of 60 above and below.
        assertEquals(Canvas.BACKGROUND[0], luma(canvas, 320, 30), "bar above");
        assertEquals(WHITE, luma(canvas, 320, 240), "picture in the middle");
        assertEquals(Canvas.BACKGROUND[0], luma(canvas, 320, 450), "bar below");
    }

    @Test
    void aParticipantWithTheCameraOffGetsANameTile() {
        Canvas canvas = new Canvas(Layout.WIDTH, Layout.HEIGHT);
        Compositor compositor = new Compositor(Layout.GALLERY, canvas);
        List<Participant> present = List.of(new Participant("alice", "Alice", false, true),
                new Participant("bob", "Bob", false, false));
        I420Frame white = picture(1280, 720, WHITE);

        compositor.compose(present, null, Map.of("alice", white, "bob", white)::get);

        List<Tile> tiles = Layout.GALLERY.tiles(2);
        double alice = meanLuma(canvas, tiles.get(0));
        double bob = meanLuma(canvas, tiles.get(1));
        assertTrue(Math.abs(alice - Canvas.NAME_TILE[0]) < 25, "Alice's tile is a name tile (luma about " + Canvas.NAME_TILE[0]
                + "), not her picture: mean luma " + alice);
        assertTrue(brightest(canvas, tiles.get(0)) > 200, "her name is written on it in white");
        assertTrue(bob > 200, "Bob's tile shows his white picture: mean luma " + bob);
    }

    @Test
    void aParticipantWithoutAPictureYetGetsANameTile() {
        Canvas canvas = new Canvas(Layout.WIDTH, Layout.HEIGHT);
        Compositor compositor = new Compositor(Layout.GALLERY, canvas);
        compositor.compose(List.of(new Participant("alice", "Alice", false, false)), null, id -> null);
        double alice = meanLuma(canvas, Layout.GALLERY.tiles(1).get(0));
        assertTrue(Math.abs(alice - Canvas.NAME_TILE[0]) < 25, "name tile, mean luma " + alice);
    }

    @Test
    void theSpeakerGetsABorderInTheGallery() {
        Canvas canvas = new Canvas(Layout.WIDTH, Layout.HEIGHT);
        Compositor compositor = new Compositor(Layout.GALLERY, canvas);
        I420Frame grey = picture(1280, 720, 90);
        List<Participant> present = List.of(new Participant("alice", "Alice", false, false),
                new Participant("bob", "Bob", false, false));

        compositor.compose(present, "bob", Map.of("alice", grey, "bob", grey)::get);

        List<Tile> tiles = Layout.GALLERY.tiles(2);
        Tile bob = tiles.get(1);
        Tile alice = tiles.get(0);
        assertEquals(Canvas.SPEAKER_BORDER[0], luma(canvas, bob.x() + bob.width() / 2, bob.y() + 1), "border along Bob's top");
        assertEquals(Canvas.SPEAKER_BORDER[0], luma(canvas, bob.x() + 1, bob.y() + bob.height() / 2), "border along Bob's left");
        assertNotEquals(Canvas.SPEAKER_BORDER[0], luma(canvas, alice.x() + alice.width() / 2, alice.y() + 1), "no border on Alice");
    }

    @Test
    void chooseKeepsTheSpeakerOnScreenWhenMoreThanNineArePresent() {
        Compositor compositor = new Compositor(Layout.GALLERY, new Canvas(Layout.WIDTH, Layout.HEIGHT));
        List<Participant> twelve = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            twelve.add(new Participant("p" + i, "P" + i, false, false));
        }

        List<Participant> shown = compositor.choose(twelve, "p11");
        assertEquals(9, shown.size());
        assertTrue(shown.stream().anyMatch(p -> p.id().equals("p11")), "the speaker p11 is on screen: " + ids(shown));
        assertEquals(List.of("p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p11"), ids(shown), "join order, the speaker last");

        assertEquals(twelve.subList(0, 9), compositor.choose(twelve, "p3"), "a speaker already on screen changes nothing");
        assertEquals(twelve.subList(0, 9), compositor.choose(twelve, null), "no speaker: the first nine");
    }

    @Test
    void theSpeakerLayoutPutsTheSpeakerFirst() {
        Compositor compositor = new Compositor(Layout.SPEAKER, new Canvas(Layout.WIDTH, Layout.HEIGHT));
        List<Participant> seven = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            seven.add(new Participant("p" + i, "P" + i, false, false));
        }
        assertEquals(List.of("p6", "p1", "p2", "p3", "p4"), ids(compositor.choose(seven, "p6")));
    }

    static I420Frame picture(int width, int height, int luma) {
        I420Frame frame = new I420Frame(width, height);
        Arrays.fill(frame.data(), 0, frame.lumaLength(), (byte) luma);
        return frame;
    }

    static int luma(Canvas canvas, int x, int y) {
        return canvas.data()[y * canvas.width() + x] & 0xff;
    }

    static double meanLuma(Canvas canvas, Tile tile) {
        long sum = 0;
        for (int y = tile.y(); y < tile.y() + tile.height(); y++) {
            for (int x = tile.x(); x < tile.x() + tile.width(); x++) {
                sum += luma(canvas, x, y);
            }
        }
        return sum / (double) (tile.width() * tile.height());
    }

    static int brightest(Canvas canvas, Tile tile) {
        int max = 0;
        for (int y = tile.y(); y < tile.y() + tile.height(); y++) {
            for (int x = tile.x(); x < tile.x() + tile.width(); x++) {
                max = Math.max(max, luma(canvas, x, y));
            }
        }
        return max;
    }

    private static List<String> ids(List<Participant> participants) {
        return participants.stream().map(Participant::id).toList();
    }
}
