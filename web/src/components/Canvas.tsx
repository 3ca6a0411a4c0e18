/** The React Flow canvas: wiring, drops from the palette, menus, fit and focus, frames and notes. */
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useConnection,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type OnConnectStartParams,
} from '@xyflow/react';
import { Map as MapIcon } from 'lucide-react';
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { specOf } from '../lib/catalog';
import { kindFits } from '../lib/connect';
import { isExtra, type CanvasFlowNode, type GraphFlowEdge, type GraphFlowNode } from '../lib/convert';
import { minimapShown } from '../lib/prefs';
import { parseTargetHandle } from '../lib/wires';
import { useEditor, useEditorApi } from '../store/context';
import type { ContextTarget } from '../store/slices/ui';
import { FrameNode } from './FrameNode';
import { nodeTypes } from './GraphNode';
import { NoteNode } from './NoteNode';
import { useCanvasExtras } from './useCanvasExtras';

export const PALETTE_MIME = 'application/x-manim-nodes-type';
/** A graph of the project dragged from the palette, to add as a Subgraph node. */
export const SUBGRAPH_MIME = 'application/x-manim-nodes-graph';

const fitViewOptions = { padding: 0.15, maxZoom: 1 };
const proOptions = { hideAttribution: true };
const defaultEdgeOptions = { type: 'default' as const };
const canvasNodeTypes = { ...nodeTypes, frame: FrameNode, note: NoteNode };

/** The class on the node whose animation the preview video shows now (the timeline's playhead). */
const TIMELINE_ACTIVE = 'timeline-active';

/** `nodes` with node `id` marked as the one playing; the same array when there is none to mark. */
function withTimelineNode(nodes: GraphFlowNode[], id: string | null): GraphFlowNode[] {
  if (id === null) return nodes;
  return nodes.map((n) => (n.id === id ? { ...n, className: TIMELINE_ACTIVE } : n));
}

function minimapColor(n: CanvasFlowNode): string {
  if (isExtra(n)) return n.type === 'frame' ? 'var(--frame-minimap)' : 'var(--note-minimap)';
  if (n.data.problems.length) return 'var(--danger)';
  return n.data.live ? 'var(--live)' : 'var(--minimap-node)';
}

/** The minimap and the zoom controls with its switch. Unless the user chose, the minimap shows only
 * on a wide canvas: on a narrow one it covers nodes and takes the drags meant for them. */
const MinimapAndControls = memo(function MinimapAndControls() {
  const editor = useEditorApi();
  const choice = useEditor((s) => s.layout.minimap);
  const width = useStore((s) => s.width);
  const shown = minimapShown(choice, width);
  const label = shown ? 'Hide the minimap' : 'Show the minimap';
  return (
    <>
      {shown && <MiniMap<CanvasFlowNode> pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} ariaLabel="Minimap" />}
      <Controls showInteractive={false}>
        <ControlButton onClick={() => editor.setMinimap(!shown)} title={label} aria-label={label} aria-pressed={shown} data-testid="minimap-toggle">
          <MapIcon size={12} aria-hidden />
        </ControlButton>
      </Controls>
    </>
  );
});

/** Shown while dragging a wire over a port that refuses it. */
const ConnectionHint = memo(function ConnectionHint() {
  const editor = useEditorApi();
  const c = useConnection();
  const width = useStore((s) => s.width);
  if (!c.inProgress || !c.toHandle || c.isValid !== false) return null;
  const from = c.fromHandle;
  const to = c.toHandle;
  const conn: Connection =
    from.type === 'source'
      ? { source: from.nodeId, sourceHandle: from.id ?? null, target: to.nodeId, targetHandle: to.id ?? null }
      : { source: to.nodeId, sourceHandle: to.id ?? null, target: from.nodeId, targetHandle: from.id ?? null };
  const hint = editor.connectionHint(conn);
  if (!hint) return null;
  return (
    <div className="wire-hint" style={{ left: Math.max(130, Math.min(c.pointer.x, width - 130)), top: c.pointer.y }} role="status">
      {hint}
    </div>
  );
});

function CanvasView() {
  const editor = useEditorApi();
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const fitRequest = useEditor((s) => s.fitRequest);
  const focus = useEditor((s) => s.focus);
  const dragging = useEditor((s) => s.dragging);
  const catalog = useEditor((s) => s.catalog);
  const hasGraph = useEditor((s) => s.doc !== null);
  const timelineNode = useEditor((s) => s.timelineNode);
  const { screenToFlowPosition, fitView, setCenter, getNode } = useReactFlow<CanvasFlowNode, GraphFlowEdge>();
  const { extras, onNodesChange, selectExtras } = useCanvasExtras(editor);
  const allNodes = useMemo<CanvasFlowNode[]>(() => [...extras, ...withTimelineNode(nodes, timelineNode)], [extras, nodes, timelineNode]);
  const wrapper = useRef<HTMLDivElement>(null);
  const reconnectDone = useRef(true);

  useEffect(() => {
    if (fitRequest > 0) requestAnimationFrame(() => void fitView(fitViewOptions));
  }, [fitRequest, fitView]);

  useEffect(() => {
    if (!focus) return;
    const n = getNode(focus.node);
    if (!n) return;
    const w = n.measured?.width ?? 220;
    const h = n.measured?.height ?? 120;
    void setCenter(n.position.x + w / 2, n.position.y + h / 2, { zoom: 1.1, duration: 300 });
  }, [focus, getNode, setCenter]);

  const onConnectStart = useCallback(
    (_: unknown, p: OnConnectStartParams) => {
      if (p.nodeId && p.handleId && p.handleType) editor.setDragging({ node: p.nodeId, handle: p.handleId, type: p.handleType });
    },
    [editor],
  );

  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      editor.setDragging(null);
      if (state.isValid || state.toNode || !state.fromHandle?.id || !state.fromNode) return;
      const pt = 'changedTouches' in event ? event.changedTouches[0] : event;
      editor.openMenu({
        x: pt.clientX,
        y: pt.clientY,
        flow: screenToFlowPosition({ x: pt.clientX, y: pt.clientY }),
        from: { node: state.fromNode.id, handle: state.fromHandle.id, type: state.fromHandle.type },
      });
    },
    [editor, screenToFlowPosition],
  );

  const openMenuAt = useCallback(
    (x: number, y: number) => editor.openMenu({ x, y, flow: screenToFlowPosition({ x, y }), from: null }),
    [editor, screenToFlowPosition],
  );

  // Right-clicks open the context menu of what is under the pointer.
  const contextMenuAt = useCallback(
    (e: MouseEvent | React.MouseEvent, target: ContextTarget) => {
      e.preventDefault();
      editor.openContextMenu({ x: e.clientX, y: e.clientY, flow: screenToFlowPosition({ x: e.clientX, y: e.clientY }), target });
    },
    [editor, screenToFlowPosition],
  );

  const onPaneContextMenu = useCallback((e: MouseEvent | React.MouseEvent) => contextMenuAt(e, { kind: 'pane' }), [contextMenuAt]);

  const onNodeContextMenu = useCallback(
    (e: React.MouseEvent, node: CanvasFlowNode) => {
      if (isExtra(node)) {
        // A frame or note: act on the frames and notes selected with it, or on it alone.
        const picked = node.selected ? extras.filter((n) => n.selected).map((n) => n.id) : [node.id];
        if (!node.selected) {
          editor.select([]);
          selectExtras(picked);
        }
        contextMenuAt(e, { kind: 'node', ids: picked });
        return;
      }
      // On a node of the selection, act on the whole selection; otherwise on this node alone.
      const selection = editor.state.selection;
      const ids = selection.includes(node.id) ? selection : [node.id];
      if (ids !== selection) editor.select(ids);
      contextMenuAt(e, { kind: 'node', ids });
    },
    [editor, contextMenuAt, extras, selectExtras],
  );

  const onSelectionContextMenu = useCallback(
    (e: React.MouseEvent, picked: CanvasFlowNode[]) => {
      // Nodes come first: the menu of a mixed selection acts on its nodes.
      const graph = picked.filter((n) => !isExtra(n)).map((n) => n.id);
      contextMenuAt(e, { kind: 'node', ids: graph.length ? graph : picked.map((n) => n.id) });
    },
    [contextMenuAt],
  );

  // A Subgraph node opens its graph on double-click.
  const onNodeDoubleClick = useCallback(
    (_: React.MouseEvent, node: CanvasFlowNode) => {
      if (!isExtra(node) && node.data.spec?.subgraph && !node.data.spec.subgraph.missing) void editor.openSubgraph(node.id);
    },
    [editor],
  );

  const onEdgeContextMenu = useCallback((e: React.MouseEvent, edge: GraphFlowEdge) => contextMenuAt(e, { kind: 'edge', id: edge.id }), [contextMenuAt]);

  const onDoubleClick = useCallback(
    (e: React.MouseEvent) => {
      if ((e.target as HTMLElement).classList.contains('react-flow__pane')) openMenuAt(e.clientX, e.clientY);
    },
    [openMenuAt],
  );

  const onDrop = useCallback(
    (e: React.DragEvent) => {
      const type = e.dataTransfer.getData(PALETTE_MIME);
      const graph = e.dataTransfer.getData(SUBGRAPH_MIME);
      if (!type && !graph) return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const at = { x: p.x - 100, y: p.y - 20 };
      if (graph) editor.addSubgraph(graph, at);
      else editor.addNode(type, at);
    },
    [editor, screenToFlowPosition],
  );

  const onDragOver = useCallback((e: React.DragEvent) => {
    if (e.dataTransfer.types.includes(PALETTE_MIME) || e.dataTransfer.types.includes(SUBGRAPH_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onMouseMove = useCallback(
    (e: React.MouseEvent) => {
      editor.setPointer(screenToFlowPosition({ x: e.clientX, y: e.clientY }));
    },
    [editor, screenToFlowPosition],
  );

  const onReconnectStart = useCallback(() => {
    reconnectDone.current = false;
  }, []);

  const onReconnect = useCallback(
    (old: GraphFlowEdge, c: Connection) => {
      reconnectDone.current = true;
      editor.reconnect(old, c);
    },
    [editor],
  );

  const onReconnectEnd = useCallback(
    (_: unknown, edge: GraphFlowEdge) => {
      // A wire dragged off its input and dropped in empty space is removed.
      if (!reconnectDone.current) editor.removeEdges([edge.id]);
      reconnectDone.current = true;
    },
    [editor],
  );

  const onEdgesChange = useCallback((c: EdgeChange<GraphFlowEdge>[]) => editor.onEdgesChange(c), [editor]);
  const onConnect = useCallback((c: Connection) => editor.connect(c), [editor]);
  const onPaneClick = useCallback(() => editor.openMenu(null), [editor]);

  const isValidConnection = useCallback((c: Connection | GraphFlowEdge) => editor.isValidConnection(c), [editor]);

  // While a wire is dragged, ports that fit light up and the others fade (pure CSS).
  const wiringClass = useMemo(() => {
    if (!dragging || !catalog) return '';
    const node = editor.state.doc?.nodes[dragging.node];
    const spec = specOf(catalog, node);
    if (dragging.type === 'source') {
      const kind = spec?.outputs.find((o) => o.name === dragging.handle)?.kind;
      if (!kind) return '';
      return ['wiring', 'wiring-out', ...catalog.kinds.filter((k) => kindFits(kind, k)).map((k) => `fit-${k}`)].join(' ');
    }
    const port = parseTargetHandle(dragging.handle)?.port;
    const kind = spec?.inputs.find((i) => i.name === port)?.kind;
    if (!kind) return '';
    return ['wiring', 'wiring-in', ...catalog.kinds.filter((k) => kindFits(k, kind)).map((k) => `fit-${k}`)].join(' ');
  }, [dragging, catalog, editor]);

  return (
    <div
      className={`canvas ${wiringClass}`}
      ref={wrapper}
      onDrop={onDrop}
      onDragOver={onDragOver}
      onDoubleClick={onDoubleClick}
      onMouseMove={onMouseMove}
      data-testid="canvas"
    >
      <ReactFlow<CanvasFlowNode, GraphFlowEdge>
        nodes={allNodes}
        edges={edges}
        nodeTypes={canvasNodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectStart={onConnectStart}
        onConnectEnd={onConnectEnd}
        onReconnect={onReconnect}
        onReconnectStart={onReconnectStart}
        onReconnectEnd={onReconnectEnd}
        isValidConnection={isValidConnection}
        onPaneContextMenu={onPaneContextMenu}
        onNodeContextMenu={onNodeContextMenu}
        onSelectionContextMenu={onSelectionContextMenu}
        onEdgeContextMenu={onEdgeContextMenu}
        onNodeDoubleClick={onNodeDoubleClick}
        onPaneClick={onPaneClick}
        deleteKeyCode={null}
        zoomOnDoubleClick={false}
        fitViewOptions={fitViewOptions}
        minZoom={0.1}
        maxZoom={2.5}
        proOptions={proOptions}
        defaultEdgeOptions={defaultEdgeOptions}
        onlyRenderVisibleElements={allNodes.length > 150}
        connectionRadius={24}
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        colorMode="system"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <MinimapAndControls />
        <ConnectionHint />
      </ReactFlow>
      {hasGraph && allNodes.length === 0 && (
        <div className="canvas-empty">
          <p>
            <strong>Double-click</strong> the canvas or drag a node from the left to start.
          </p>
          <p>
            <kbd>Ctrl</kbd>+<kbd>K</kbd> searches nodes · <kbd>?</kbd> shows shortcuts
          </p>
        </div>
      )}
    </div>
  );
}

export const Canvas = memo(CanvasView);
