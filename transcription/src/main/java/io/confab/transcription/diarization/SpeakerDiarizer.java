package io.confab.transcription.diarization;

import io.confab.transcription.transcript.Segment;
import io.confab.transcription.transcript.Word;

import java.util.ArrayList;
import java.util.List;

/**
 * Who spoke when, on one channel that several people share (an uploaded file, a room microphone):
 * a batch stage after recognition. The recognized words are grouped into pieces at pauses (over
 * 250 ms) and at most 2.5 s long; each piece's voice is described by {@link VoiceFeatures} (MFCC
 * means and spreads, median pitch); {@link SpeakerClustering} groups the pieces into Speaker 1..N.
 * Consecutive pieces of the same speaker form one {@link SpeakerTurn}. Vosk's own speaker model
 * (x-vectors) is not served here, hence this classic front end.
 */
public final class SpeakerDiarizer {
    private static final long PAUSE_MS = 250;
    private static final long MAX_PIECE_MS = 2_500;

    private final int maxSpeakers;

    public SpeakerDiarizer(int maxSpeakers) {
        if (maxSpeakers < 1 || maxSpeakers > 20) {
            throw new IllegalArgumentException("diarization finds 1..20 speakers, not " + maxSpeakers);
        }
        this.maxSpeakers = maxSpeakers;
    }

    /**
     * @param pcm16k   the channel's audio, 16 kHz mono, from the same origin as the segments' times
     * @param segments its transcript
     */
    public List<SpeakerTurn> diarize(short[] pcm16k, List<Segment> segments) {
        List<List<Word>> pieces = pieces(segments);
        List<double[]> features = new ArrayList<>();
        List<Integer> described = new ArrayList<>();
        for (int p = 0; p < pieces.size(); p++) {
            List<Word> piece = pieces.get(p);
            int from = (int) Math.max(0, piece.get(0).startMs() * 16);
            int to = (int) Math.min(pcm16k.length, piece.get(piece.size() - 1).endMs() * 16);
            double[] vector = to > from ? VoiceFeatures.of(pcm16k, from, to) : null;
            if (vector != null) {
                features.add(vector);
                described.add(p);
            }
        }
        int[] clusters = SpeakerClustering.cluster(features, maxSpeakers);
        int[] speakerOfPiece = new int[pieces.size()];
        // Pieces too short to describe take the speaker of the piece before them (or after, at the start).
        int next = 0;
        int last = clusters.length > 0 ? clusters[0] : 0;
        for (int p = 0; p < pieces.size(); p++) {
            if (next < described.size() && described.get(next) == p) {
                last = clusters[next++];
            }
            speakerOfPiece[p] = last;
        }
        return turns(pieces, speakerOfPiece);
    }

    private static List<List<Word>> pieces(List<Segment> segments) {
        List<List<Word>> pieces = new ArrayList<>();
        List<Word> current = new ArrayList<>();
        for (Segment segment : segments) {
            for (Word word : segment.words()) {
                if (!current.isEmpty()) {
                    Word previous = current.get(current.size() - 1);
                    if (word.startMs() - previous.endMs() > PAUSE_MS || word.endMs() - current.get(0).startMs() > MAX_PIECE_MS) {
                        pieces.add(current);
                        current = new ArrayList<>();
                    }
                }
                current.add(word);
            }
        }
        if (!current.isEmpty()) {
            pieces.add(current);
        }
        return pieces;
    }

    private static List<SpeakerTurn> turns(List<List<Word>> pieces, int[] speakerOfPiece) {
        List<SpeakerTurn> turns = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        for (int p = 0; p < pieces.size(); p++) {
            words.addAll(pieces.get(p));
            if (p == pieces.size() - 1 || speakerOfPiece[p + 1] != speakerOfPiece[p]) {
                turns.add(new SpeakerTurn("Speaker " + (speakerOfPiece[p] + 1), words.get(0).startMs(),
                        words.get(words.size() - 1).endMs(), words));
                words = new ArrayList<>();
            }
        }
        return turns;
    }
}
