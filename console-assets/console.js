// hookgate console: progressive enhancement only. Pages work without it; with it, times show in the browser's
// zone, charts draw with uPlot, and the overview and the first page of events refresh every 5 seconds.
(function () {
  'use strict';

  function localTimes(root) {
    root.querySelectorAll('time[datetime]').forEach(function (el) {
      var date = new Date(el.getAttribute('datetime'));
      if (!isNaN(date.getTime())) el.textContent = date.toLocaleString();
    });
  }

  var charts = [];
  function drawCharts(root) {
    charts.forEach(function (chart) {
      chart.destroy();
    });
    charts = [];
    if (typeof window.uPlot !== 'function') return;
    var style = getComputedStyle(document.body);
    var fg = style.color;
    var palette = ['#2da44e', '#bf8700', '#cf222e', '#8250df', '#0969da', '#e16f24', '#57606a'];
    root.querySelectorAll('[data-chart]').forEach(function (el) {
      var data = JSON.parse(el.getAttribute('data-chart'));
      el.textContent = '';
      var series = [{}].concat(
        data.series.map(function (s, i) {
          return { label: s.label, stroke: palette[i % palette.length], width: 2, points: { show: false } };
        }),
      );
      var axis = {
        stroke: fg,
        grid: { stroke: 'rgba(128,128,128,0.2)' },
        ticks: { stroke: 'rgba(128,128,128,0.3)' },
      };
      var opts = {
        width: Math.max(200, el.clientWidth),
        height: 180,
        series: series,
        axes: [axis, Object.assign({}, axis, { size: 40 })],
        scales: {
          y: {
            range: function (u, min, max) {
              return [0, Math.max(1, max)];
            },
          },
        },
      };
      var values = [data.x].concat(
        data.series.map(function (s) {
          return s.values;
        }),
      );
      charts.push(new window.uPlot(opts, values, el));
    });
  }

  function enhance(root) {
    localTimes(root);
    drawCharts(root);
  }

  function poll() {
    var live = document.getElementById('live');
    if (!live || !live.hasAttribute('data-live')) return;
    setInterval(function () {
      if (document.hidden) return;
      fetch(location.href, { credentials: 'same-origin', redirect: 'manual' })
        .then(function (response) {
          if (!response.ok) return undefined;
          return response.text();
        })
        .then(function (text) {
          if (!text) return;
          var fresh = new DOMParser().parseFromString(text, 'text/html').getElementById('live');
          if (!fresh) return;
          var open = Array.prototype.map.call(live.querySelectorAll('details[open] > summary'), function (s) {
            return s.textContent;
          });
          live.replaceChildren.apply(
            live,
            Array.prototype.map.call(fresh.childNodes, function (node) {
              return document.importNode(node, true);
            }),
          );
          live.querySelectorAll('details > summary').forEach(function (s) {
            if (open.indexOf(s.textContent) >= 0) s.parentElement.open = true;
          });
          enhance(live);
        })
        .catch(function () {
          /* offline for a moment: the next tick tries again */
        });
    }, 5000);
  }

  document.addEventListener('DOMContentLoaded', function () {
    enhance(document);
    poll();
    var resizing;
    window.addEventListener('resize', function () {
      clearTimeout(resizing);
      resizing = setTimeout(function () {
        drawCharts(document);
      }, 200);
    });
  });
})();
