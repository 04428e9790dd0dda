/**
 * ICE-lite for the SFU's shared media port: answer the browser's connectivity checks, find the
 * transport by ufrag, tell the caller which address the browser nominated.
 */
package io.confab.core.sfu.ice;
