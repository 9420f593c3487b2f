// The status page: polls /api/status once a second and redraws in place (no reloads). Plain JS, no dependencies.
(function () {
  'use strict';
  var PALETTE = ['#3559d6', '#1a9e55', '#d2691e', '#8e44ad', '#c0392b', '#16a5a5', '#b8860b', '#d6336c',
    '#2c3e50', '#6c8e23'];
  var previousPrimary = {};
  var $ = function (id) { return document.getElementById(id); };

  function colour(node) {
    var h = 0;
    for (var i = 0; i < node.length; i++) { h = (h * 31 + node.charCodeAt(i)) >>> 0; }
    return PALETTE[h % PALETTE.length];
  }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { e.textContent = attrs[k]; } else if (k === 'style') { e.style.cssText = attrs[k]; }
      else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { e.appendChild(c); } });
    return e;
  }

  function swatch(node) { return el('span', { 'class': 'swatch', style: 'background:' + colour(node) }); }

  function clock(ms) {
    var d = new Date(ms);
    return d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
  }

  function header(s) {
    $('self').textContent = s.servedBy;
    $('role').textContent = s.servedByLeader ? 'leader' : 'follower';
    $('role').className = 'badge ' + (s.servedByLeader ? 'leader' : 'follower');
    $('leader').textContent = s.leader || 'none yet';
    $('leader').href = s.leader ? s.leader + '/status' : '#';
    $('term').textContent = s.term || '–';
    $('provider').textContent = s.provider;
    $('balancer').textContent = s.balancer;
    $('note').hidden = !s.note;
    $('note').textContent = s.note || '';
  }

  function servers(s) {
    var list = $('servers');
    list.replaceChildren.apply(list, s.servers.map(function (m) {
      return el('li', { 'data-url': m.url, 'data-role': m.leader ? 'leader' : 'follower' }, [
        el('span', { 'class': 'badge ' + (m.leader ? 'leader' : 'follower'), text: m.leader ? 'leader' : 'follower' }),
        el('a', { href: m.url + '/status', text: m.url }),
        m.url === s.servedBy ? el('span', { 'class': 'muted', text: '(this page)' }) : null]);
    }));
  }

  function nodes(s) {
    var body = $('nodes').tBodies[0];
    var alive = s.nodes.filter(function (n) { return n.alive; }).length;
    $('nodes-summary').textContent = alive + ' alive of ' + s.nodes.length;
    body.replaceChildren.apply(body, s.nodes.map(function (n) {
      return el('tr', { 'data-node': n.id, 'data-alive': String(n.alive), 'class': n.alive ? 'alive' : 'dead' }, [
        el('td', { 'class': 'name' }, [swatch(n.id), document.createTextNode(n.id)]),
        el('td', {}, [el('a', { href: n.address + '/status', text: n.address })]),
        el('td', {}, [el('span', { 'class': 'pill ' + (n.alive ? 'alive' : 'dead'), text: n.alive ? 'alive' : 'dead' })]),
        el('td', { text: n.lastBeaconMillisAgo < 0 ? '–' : n.lastBeaconMillisAgo + ' ms ago' }),
        el('td', { text: String(n.primaries) }),
        el('td', { text: String(n.secondaries) })]);
    }));
  }

  function map(s) {
    var alive = {};
    s.nodes.forEach(function (n) { alive[n.id] = n.alive; });
    var orphans = 0;
    var headRow = el('tr', {}, [el('th', { 'class': 'node', text: 'node \u2193 / partition \u2192' })]);
    s.partitions.forEach(function (p) {
      var orphan = !p.primary || !alive[p.primary];
      if (orphan) { orphans++; }
      headRow.appendChild(el('th', { 'class': 'part', 'data-partition': p.id, 'data-epoch': p.epoch,
        'data-primary': p.primary || '' }, [document.createTextNode(String(p.id)),
        el('span', { 'class': 'epoch', text: 'e' + p.epoch })]));
    });
    var rows = s.nodes.map(function (n) {
      var row = el('tr', { 'data-node': n.id, 'class': n.alive ? 'alive' : 'dead' },
        [el('td', { 'class': 'node' }, [swatch(n.id), document.createTextNode(n.id)])]);
      s.partitions.forEach(function (p) {
        var role = p.primary === n.id ? 'primary' : (p.secondaries.indexOf(n.id) >= 0 ? 'secondary' : '');
        var moved = role === 'primary' && previousPrimary[p.id] !== undefined && previousPrimary[p.id] !== n.id;
        var cell = role === 'primary' ? el('span', { 'class': 'cell primary', style: 'background:' + colour(n.id),
          title: 'partition ' + p.id + ' primary, epoch ' + p.epoch, text: 'P' })
          : role === 'secondary' ? el('span', { 'class': 'cell secondary', title: 'partition ' + p.id + ' secondary',
            style: 'border-color:' + colour(n.id) + ';color:' + colour(n.id), text: 'S' }) : null;
        row.appendChild(el('td', { 'data-partition': p.id, 'data-node': n.id, 'data-role': role,
          'class': role + (moved ? ' moved' : '') }, [cell]));
      });
      return row;
    });
    var orphanRow = el('tr', { 'class': 'orphans' }, [el('td', { 'class': 'node muted', text: 'no live primary' })]);
    s.partitions.forEach(function (p) {
      var orphan = !p.primary || !alive[p.primary];
      orphanRow.appendChild(el('td', { 'data-partition': p.id }, [orphan ? el('span', { 'class': 'cell orphan', text: '!' }) : null]));
    });
    s.partitions.forEach(function (p) { previousPrimary[p.id] = p.primary; });
    var table = $('map');
    table.tHead.replaceChildren(headRow);
    table.tBodies[0].replaceChildren.apply(table.tBodies[0], rows.concat(orphans ? [orphanRow] : []));
    $('map-summary').textContent = s.partitions.length + ' partitions' + (orphans ? ', ' + orphans + ' without a live primary' : ', all served');
  }

  function timeline(s) {
    var list = $('timeline');
    list.replaceChildren.apply(list, s.events.slice().reverse().map(function (e) {
      return el('li', { 'data-kind': e.kind, 'data-node': e.node || '', 'data-seq': e.seq }, [
        el('time', { text: clock(e.atMillis) }),
        el('span', { 'class': 'kind ' + e.kind, text: e.kind }),
        el('span', { 'class': 'text', text: e.text }),
        e.failoverMillis != null ? el('span', { 'class': 'failover-ms', text: e.failoverMillis + ' ms' }) : el('span')]);
    }));
  }

  function render(s) {
    header(s);
    servers(s);
    nodes(s);
    map(s);
    timeline(s);
    $('updated').textContent = 'live · ' + clock(Date.now());
    var pulse = $('pulse');
    pulse.className = 'pulse';
    void pulse.offsetWidth; // restart the animation
    pulse.className = 'pulse beat';
  }

  function poll() {
    fetch('/api/status', { cache: 'no-store' })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(render)
      .catch(function (e) {
        $('pulse').className = 'pulse stale';
        $('updated').textContent = 'disconnected (' + e.message + ')';
      })
      .then(function () { setTimeout(poll, 1000); });
  }

  poll();
}());
